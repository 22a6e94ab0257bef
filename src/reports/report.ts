import type { ReportWithNames } from './reportRepository';
import { addWorkingDays } from '../signals/followUp/deadlines';
import { REPORT_WORKING_DAYS, type MandatoryReport } from './types';

/** The last instant a report of an event is still in time: 3 Dutch working days after it, Amsterdam time. */
export const reportDueAt = (occurredAt: Date): Date => addWorkingDays(occurredAt, REPORT_WORKING_DAYS);

/** A row with its names as the domain type the pages and the API use. */
export function toReport(r: ReportWithNames): MandatoryReport {
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    occurredAt: r.occurred_at,
    reportedAt: r.reported_at,
    registeredAt: r.registered_at,
    registeredVia: r.registered_via,
    registeredBy: r.registered_by,
    registeredByName: r.registered_by_name,
    providerId: r.provider_id,
    providerName: r.provider_name,
    locationId: r.location_id,
    locationName: r.location_name,
    unitId: r.unit_id,
    unitName: r.unit_name,
    youngPeopleInvolved: r.young_people_involved,
    death: r.death,
    closedCare: r.closed_care,
    summary: r.summary,
    description: r.description,
    themes: r.themes,
    dueAt: r.due_at,
    late: r.late,
    decision: r.decision,
    decisionReasons: r.decision_reasons,
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
    updatedAt: r.updated_at,
  };
}
