import { fill, paths } from '../../web/paths';
import { formatDateTime } from '../../web/format';
import { hrefWith, sortHeader, type SortDir } from '../../web/paging';
import { CHANNELS, REPORTER_TYPES, followUpStatus } from '../types';
import { FOLLOW_UP_LABELS, statusLabel } from '../signalViews';
import type { SearchRow } from './searchRepository';
import { filterParams, type SignalFilter, type SortKey } from './searchFilter';

// Small pure functions that shape search results for the templates. No contact details and no free text of the
// reporter: a list shows what identifies the case, and the link opens the signal page, which audits the read.

export function resultRow(r: SearchRow, now: Date) {
  const followUp = followUpStatus({ dueAt: r.due_at, contactedAt: r.contacted_at, unreachableAt: r.unreachable_at }, now);
  const place = [r.provider_name ?? r.provider_text, r.location_name, r.unit_name].filter(Boolean).join(', ');
  const tags = [
    r.urgent_at ? { text: 'Urgent', className: 'app-tag app-tag--danger' } : undefined,
    r.reporter_message_at ? { text: 'Nieuw bericht', className: 'app-tag app-tag--warning' } : undefined,
    r.duplicate_of ? { text: 'Dubbel', className: 'app-tag' } : undefined,
  ].filter(Boolean);
  return {
    href: fill(paths.signals.show, { id: r.id }),
    reference: r.reference,
    received: formatDateTime(r.received_at),
    place: place || 'onbekend',
    concernsClosedCare: r.concerns_closed_care,
    reporterLabel: REPORTER_TYPES[r.reporter_type as keyof typeof REPORTER_TYPES] ?? r.reporter_type,
    channelLabel: CHANNELS[r.channel as keyof typeof CHANNELS] ?? r.channel,
    statusLabel: statusLabel(r.status),
    followUpLabel: FOLLOW_UP_LABELS[followUp],
    followUpWarning: followUp === 'breached' || followUp === 'late',
    due: formatDateTime(r.due_at),
    assigneeName: r.assignee_name ?? 'nog niemand',
    tags,
  };
}

const COLUMNS: Array<[label: string, key?: SortKey, firstDir?: SortDir]> = [
  ['Signaal', 'reference', 'desc'],
  ['Ontvangen', 'received', 'desc'],
  ['Plek', 'provider', 'asc'],
  ['Melder en kanaal'],
  ['Status', 'status', 'asc'],
  ['Opvolging', 'due', 'asc'],
  ['Behandelaar'],
];

/** The table's column headers; with a filter, the sortable ones link to the list sorted by them. */
export function columns(f?: SignalFilter) {
  const params = f ? filterParams(f) : {};
  return COLUMNS.map(([label, key, firstDir]) =>
    f && key ? sortHeader(label, key, f, (sort, dir) => hrefWith(paths.signals.list, { ...params, sort, dir }), firstDir) : { label },
  );
}

/** The link to page `page` of the list, keeping every filter and the sort. */
export const pageHref = (f: SignalFilter) => (page: number) =>
  hrefWith(paths.signals.list, { ...filterParams(f), page: page > 1 ? page : undefined });
