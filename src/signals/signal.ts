import type { SignalRow } from '../db/database';
import type { PlaceNames } from './signalRepository';
import { followUpStatus, type Channel, type FollowUpStatus, type ReporterType, type SignalStatus } from './types';

export interface Signal {
  id: string;
  reference: string;
  receivedAt: Date;
  registeredAt: Date;
  channel: Channel;
  reporterType: ReporterType;
  youngPersonSelf: boolean;
  anonymous: boolean;
  consentShare: boolean;
  hasReceipt: boolean;
  providerId: string | null;
  providerName: string | null;
  locationId: string | null;
  locationName: string | null;
  unitId: string | null;
  unitName: string | null;
  providerText: string | null;
  concernsClosedCare: boolean;
  summary: string;
  description: string;
  sinceWhen: string | null;
  safeNow: string | null;
  status: SignalStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  normId: string;
  normLabel: string;
  dueAt: Date;
  contactedAt: Date | null;
  breachedAt: Date | null;
  breachReason: string | null;
  unreachableReason: string | null;
  unreachableRequestedAt: Date | null;
  unreachableRequestedBy: string | null;
  unreachableAt: Date | null;
  closedAt: Date | null;
  contactRemovedAt: Date | null;
  urgentAt: Date | null;
  /** The original's id when this signal is a duplicate; it is followed up through the original. */
  duplicateOf: string | null;
  reporterMessageAt: Date | null;
  followUp: FollowUpStatus;
}

export function toSignal(r: SignalRow, names: PlaceNames, now: Date): Signal {
  return {
    id: r.id,
    reference: r.reference,
    receivedAt: r.received_at,
    registeredAt: r.registered_at,
    channel: r.channel as Channel,
    reporterType: r.reporter_type as ReporterType,
    youngPersonSelf: r.young_person_self,
    anonymous: r.anonymous,
    consentShare: r.consent_share,
    hasReceipt: r.receipt_hash !== null,
    providerId: r.provider_id,
    providerName: names.provider_name,
    locationId: r.location_id,
    locationName: names.location_name,
    unitId: r.unit_id,
    unitName: names.unit_name,
    providerText: r.provider_text,
    concernsClosedCare: r.concerns_closed_care,
    summary: r.summary,
    description: r.description,
    sinceWhen: r.since_when,
    safeNow: r.safe_now,
    status: r.status as SignalStatus,
    assigneeId: r.assignee_id,
    assigneeName: names.assignee_name,
    normId: r.norm_id,
    normLabel: r.norm_label,
    dueAt: r.due_at,
    contactedAt: r.contacted_at,
    breachedAt: r.breached_at,
    breachReason: r.breach_reason,
    unreachableReason: r.unreachable_reason,
    unreachableRequestedAt: r.unreachable_requested_at,
    unreachableRequestedBy: r.unreachable_requested_by,
    unreachableAt: r.unreachable_at,
    closedAt: r.closed_at,
    contactRemovedAt: r.contact_removed_at,
    urgentAt: r.urgent_at,
    duplicateOf: r.duplicate_of,
    reporterMessageAt: r.reporter_message_at,
    followUp: followUpStatus({ dueAt: r.due_at, contactedAt: r.contacted_at, unreachableAt: r.unreachable_at }, now),
  };
}
