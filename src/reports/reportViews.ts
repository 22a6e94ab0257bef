import { fill, paths } from '../web/paths';
import { formatDateTime } from '../web/format';
import { hrefWith, sortHeader, type SortDir } from '../web/paging';
import { DECISIONS, REPORT_KINDS, readsReports, registersReports, type MandatoryReport } from './types';
import type { ReportListRow } from './reportRepository';
import { filterParams, type ReportFilter, type SortKey } from './reportFilter';

// Small pure functions that shape reports for the templates. A list shows what identifies a report, never its
// summary or description: those can name young people, and the link opens the report page, which audits the read.

export const kindLabel = (kind: string): string => REPORT_KINDS[kind as keyof typeof REPORT_KINDS] ?? kind;
export const decisionLabel = (d: string | null): string => (d ? (DECISIONS[d as keyof typeof DECISIONS] ?? d) : 'Nog geen besluit');

export const placeText = (r: { provider_name: string; location_name: string | null; unit_name: string | null }): string =>
  [r.provider_name, r.location_name, r.unit_name].filter(Boolean).join(', ');

export function listRow(r: ReportListRow) {
  return {
    href: fill(paths.mandatoryReports.show, { id: r.id }),
    reference: r.reference,
    kindLabel: kindLabel(r.kind),
    occurred: formatDateTime(r.occurred_at),
    reported: formatDateTime(r.reported_at),
    late: r.late,
    place: placeText(r),
    closedCare: r.closed_care,
    death: r.death,
    decisionLabel: decisionLabel(r.decision),
    undecided: r.decision === null,
    registered: formatDateTime(r.registered_at),
  };
}

const COLUMNS: Array<[label: string, key?: SortKey, firstDir?: SortDir]> = [
  ['Melding', 'reference', 'desc'],
  ['Soort'],
  ['Gebeurd', 'occurred', 'desc'],
  ['Gemeld', 'reported', 'desc'],
  ['Plek', 'provider', 'asc'],
  ['Besluit'],
  ['Geregistreerd', 'registered', 'desc'],
];

/** The table's column headers; the sortable ones link to the list sorted by them, keeping the filter. */
export function columns(f: ReportFilter) {
  const params = filterParams(f);
  return COLUMNS.map(([label, key, firstDir]) =>
    key ? sortHeader(label, key, f, (sort, dir) => hrefWith(paths.mandatoryReports.list, { ...params, sort, dir }), firstDir) : { label },
  );
}

/** The link to page `page` of the list, keeping every filter and the sort. */
export const pageHref = (f: ReportFilter) => (page: number) =>
  hrefWith(paths.mandatoryReports.list, { ...filterParams(f), page: page > 1 ? page : undefined });

/** Whether the report came in time, with the last moment it still was. */
export function lateText(r: Pick<MandatoryReport, 'late' | 'dueAt'>): string {
  return r.late ? `Te laat gemeld: uiterlijk ${formatDateTime(r.dueAt)}` : `Op tijd gemeld (uiterlijk ${formatDateTime(r.dueAt)})`;
}

/** The provider page's links to its reports and to register one, for the roles that use them. */
export const providerReportLinks = (roles: readonly string[], providerId: string) => ({
  listHref: readsReports(roles) ? hrefWith(paths.mandatoryReports.list, { provider: providerId }) : undefined,
  newHref: registersReports(roles) ? hrefWith(paths.mandatoryReports.new, { provider: providerId }) : undefined,
});

/** A report as JSON for the API: camelCase fields, instants in ISO 8601 (UTC). */
export function reportJson(r: MandatoryReport) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    occurredAt: r.occurredAt.toISOString(),
    reportedAt: r.reportedAt.toISOString(),
    registeredAt: r.registeredAt.toISOString(),
    registeredVia: r.registeredVia,
    dueAt: r.dueAt.toISOString(),
    late: r.late,
    providerId: r.providerId,
    locationId: r.locationId,
    unitId: r.unitId,
    closedCare: r.closedCare,
    youngPeopleInvolved: r.youngPeopleInvolved,
    death: r.death,
    summary: r.summary,
    description: r.description,
    themes: r.themes,
    decision: r.decision,
    decisionReasons: r.decisionReasons,
    decidedAt: iso(r.decidedAt),
    updatedAt: r.updatedAt.toISOString(),
  };
}
