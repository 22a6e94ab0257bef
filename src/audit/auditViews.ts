import { isUuid } from '../common/errors';
import { formatDateTime, formatDay, plural } from '../web/format';
import { labels } from '../web/labels';
import { FIELD_LABELS, VALUE_LABELS } from './auditLabels';

export const actionText = (action: string): string => labels.audit[action] ?? humanise(action);
export const objectText = (type: string): string => labels.auditObjects[type] ?? humanise(type);

/** A field's Dutch name; a field no one has named yet is written out in words rather than shown as a code. */
export const fieldLabel = (key: string): string => FIELD_LABELS[key] ?? humanise(key);

function humanise(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

const EMPTY = '—';

/** One stored value in Dutch: codes by name, ids by the name of what they point at, instants in Amsterdam time. */
export function valueText(field: string, value: unknown, names: ReadonlyMap<string, string> = new Map()): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value === 'number') return value.toLocaleString('nl-NL');
  if (Array.isArray(value)) return value.length === 0 ? 'geen' : value.map((v) => valueText(field, v, names)).join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    // Inspectors added or removed are stored as {id, name}.
    if (typeof o.name === 'string') return o.name;
    return Object.entries(o)
      .map(([k, v]) => `${fieldLabel(k)} ${valueText(k, v, names)}`)
      .join(', ');
  }
  const s = String(value);
  const table = VALUE_LABELS[field];
  if (table && Object.hasOwn(table, s)) return table[s]!;
  if (isUuid(s)) return names.get(s) ?? s;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s))) return formatDateTime(s);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return formatDay(s);
  return s;
}

const isPair = (v: unknown): v is { before: unknown; after: unknown } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'after' in v && 'before' in v;

/**
 * The changes of an entry as lines "veld: oud → nieuw" (or "veld: waarde" for what was not a change, such as the data a
 * read covered). A field that was empty before a creation shows its new value alone.
 */
export function changeLines(action: string, changes: unknown, names: ReadonlyMap<string, string> = new Map()): string[] {
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return [];
  return Object.entries(changes as Record<string, unknown>).map(([field, v]) => {
    const label = fieldLabel(field);
    if (!isPair(v)) return `${label}: ${valueText(field, v, names)}`;
    const after = valueText(field, v.after, names);
    if (action === 'create' && (v.before === null || v.before === undefined)) return `${label}: ${after}`;
    return `${label}: ${valueText(field, v.before, names)} → ${after}`;
  });
}

/** Every id in an entry that could be shown by a name: its object and the ids in its changes. */
export function idsIn(entries: Array<{ objectId: string; changes: unknown }>): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string' && isUuid(v)) found.add(v);
    else if (v && typeof v === 'object' && depth < 4) Object.values(v).forEach((x) => walk(x, depth + 1));
  };
  for (const e of entries) {
    walk(e.objectId, 0);
    walk(e.changes, 0);
  }
  return [...found];
}

export interface TrailParams {
  objectType: string;
  objectId: string;
  actorId: string;
  from: string;
  to: string;
}

/** The query string of the audit list with these filters on page `page`; empty filters are left out. */
export function trailQuery(p: TrailParams, page = 1): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v) q.set(k, v);
  if (page > 1) q.set('pagina', String(page));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Previous and next page links that keep the filters, and which rows this page shows. */
export function pager(base: string, p: TrailParams, page: number, pageSize: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : Math.min(total, (page - 1) * pageSize + 1);
  const last = Math.min(total, page * pageSize);
  return {
    page,
    pages,
    total,
    text: total <= 1 ? plural(total, 'regel', 'regels') : `Regels ${first}–${last} van ${total}, nieuwste eerst`,
    previousHref: page > 1 ? `${base}${trailQuery(p, Math.min(page - 1, pages))}` : undefined,
    nextHref: page < pages ? `${base}${trailQuery(p, page + 1)}` : undefined,
  };
}
