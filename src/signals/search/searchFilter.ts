import { isUuid, textProblem, type FieldErrors } from '../../common/errors';
import { isIsoDay } from '../../common/time';
import { LIMITS } from '../../common/limits';
import { asText } from '../../web/forms';
import { pageNumber, type SortDir } from '../../web/paging';
import { CHANNELS, REPORTER_TYPES, SIGNAL_STATUSES } from '../types';

/** `open` is every signal still being worked on: not closed and not a duplicate. */
export const STATUS_FILTERS: Record<string, string> = { open: 'Alle open signalen', ...SIGNAL_STATUSES };
export const DUE_FILTERS = { overdue: 'Te laat, nog geen contact', today: 'Verloopt vandaag' } as const;
/** The columns a list may be sorted by; anything else in the address sorts by the default. */
export const SORT_KEYS = ['received', 'reference', 'due', 'provider', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface SignalFilter {
  q: string;
  status: string;
  provider: string;
  reporterType: string;
  channel: string;
  from: string;
  to: string;
  /** A user id, or 'niemand' for signals nobody has picked up. */
  assignee: string;
  urgent: boolean;
  newMessage: boolean;
  due: '' | keyof typeof DUE_FILTERS;
  /** Only the inspector's own signals, also when another role of theirs reads all (their home page's links). */
  mine: boolean;
  sort: SortKey;
  dir: SortDir;
  page: number;
}

export const DEFAULT_FILTER: SignalFilter = {
  q: '',
  status: '',
  provider: '',
  reporterType: '',
  channel: '',
  from: '',
  to: '',
  assignee: '',
  urgent: false,
  newMessage: false,
  due: '',
  mine: false,
  sort: 'received',
  dir: 'desc',
  page: 1,
};

// A value that is not one of the choices filters nothing, rather than reaching the query.
const known = (table: Record<string, string>, v: string) => (Object.hasOwn(table, v) ? v : '');

/**
 * Reads the filter from the address. Typed text (the search words, the dates) that cannot be used gives a message
 * beside its field; a choice that does not exist is ignored. Each value is read as req.query.<name>, the form the fuzz
 * test looks for when it gathers the query names to send junk to.
 */
export function parseFilter(req: { query: Record<string, unknown> }): { filter: SignalFilter; errors: FieldErrors } {
  const t = (v: unknown) => asText(v).trim();
  const assignee = t(req.query.assignee);
  const sort = t(req.query.sort) as SortKey;
  const filter: SignalFilter = {
    q: t(req.query.q),
    status: known(STATUS_FILTERS, t(req.query.status)),
    provider: isUuid(t(req.query.provider)) ? t(req.query.provider) : '',
    reporterType: known(REPORTER_TYPES, t(req.query.reporterType)),
    channel: known(CHANNELS, t(req.query.channel)),
    from: t(req.query.from),
    to: t(req.query.to),
    assignee: assignee === 'niemand' || isUuid(assignee) ? assignee : '',
    urgent: t(req.query.urgent) === '1',
    newMessage: t(req.query.newMessage) === '1',
    due: (known(DUE_FILTERS, t(req.query.due)) || '') as SignalFilter['due'],
    mine: t(req.query.mine) === '1',
    sort: SORT_KEYS.includes(sort) ? sort : 'received',
    dir: t(req.query.dir) === 'asc' ? 'asc' : t(req.query.dir) === 'desc' ? 'desc' : sort === 'due' || sort === 'provider' ? 'asc' : 'desc',
    page: pageNumber(req.query.page),
  };
  const errors: FieldErrors = {};
  const qProblem = textProblem(filter.q, LIMITS.search);
  if (qProblem) errors.q = qProblem;
  else if (wordsOf(filter.q).length > MAX_WORDS) errors.q = `Zoek met hoogstens ${MAX_WORDS} woorden`;
  else if (/^S-?\d{4}-?$/i.test(filter.q)) errors.q = 'Typ het hele kenmerk, bijvoorbeeld S-2026-000123, of alleen het nummer';
  else if (tooShort(filter.q))
    errors.q = 'Typ een woord met minstens 3 letters of cijfers achter elkaar, of een kenmerk zoals S-2026-000123 of alleen het nummer';
  if (filter.from && !isIsoDay(filter.from)) errors.from = 'Vul een geldige datum in, bijvoorbeeld 2026-11-01';
  if (filter.to && !isIsoDay(filter.to)) errors.to = 'Vul een geldige datum in, bijvoorbeeld 2026-11-30';
  if (!errors.from && !errors.to && filter.from && filter.to && filter.from > filter.to)
    errors.to = 'Kies een einddatum op of na de begindatum';
  return { filter, errors };
}

/** The filter as query values for a link; defaults are left out. `page` is left out: a new filter starts at page 1. */
export function filterParams(f: SignalFilter): Record<string, string | undefined> {
  return {
    q: f.q,
    status: f.status,
    provider: f.provider,
    reporterType: f.reporterType,
    channel: f.channel,
    from: f.from,
    to: f.to,
    assignee: f.assignee,
    urgent: f.urgent ? '1' : undefined,
    newMessage: f.newMessage ? '1' : undefined,
    due: f.due,
    mine: f.mine ? '1' : undefined,
    sort: f.sort === DEFAULT_FILTER.sort && f.dir === DEFAULT_FILTER.dir ? undefined : f.sort,
    dir: f.sort === DEFAULT_FILTER.sort && f.dir === DEFAULT_FILTER.dir ? undefined : f.dir,
  };
}

/** A typed reference (`S-2026-000123`, also `s-2026-123` or `S2026000123`), written the way it is stored. */
export function asReference(q: string): string | undefined {
  const m = /^S-?(\d{4})-?(\d{1,6})$/i.exec(q.trim()) ?? /^(\d{4})-(\d{1,6})$/.exec(q.trim());
  return m ? `S-${m[1]}-${m[2]!.padStart(6, '0')}` : undefined;
}

/**
 * Only the number of a reference (`95`, `000095`), as people read it out on the phone: that number in every year
 * from 2000 on, so the lookup stays a few index probes instead of a pattern over all signals.
 */
export function asReferenceNumber(q: string, thisYear: number): string[] {
  const m = /^\d{1,6}$/.exec(q.trim());
  if (!m) return [];
  const n = m[0].padStart(6, '0');
  return Array.from({ length: thisYear - 1999 + 1 }, (_, i) => `S-${2000 + i}-${n}`);
}

/** More words are refused with a message, never dropped: a dropped word would widen the search in silence. */
export const MAX_WORDS = 8;
const wordsOf = (q: string) => q.split(/\s+/).filter(Boolean);

/**
 * Words are found inside longer text through trigram indexes, which are made of letters and digits only: a word needs
 * three of them in a row to narrow anything ("!!!", "a-b" or "%%%" would read every signal). One such word is enough:
 * the others then only narrow what it found.
 */
function tooShort(q: string): boolean {
  if (!q || asReference(q) || /^\d{1,6}$/.test(q)) return false;
  return !wordsOf(q).some(indexable);
}

/** Whether a word narrows the search through the trigram index (three letters or digits in a row). */
export const indexable = (word: string) => /[\p{L}\p{N}]{3}/u.test(word);

/**
 * The words searched for, each one escaped for ILIKE (a `%` typed is a percent sign, not a wildcard), and whether it
 * can use the trigram index (the others only narrow what the indexed words found).
 */
export function likePatterns(q: string): Array<{ like: string; indexed: boolean }> {
  return wordsOf(q)
    .slice(0, MAX_WORDS)
    .map((w) => ({ like: `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, indexed: indexable(w) }));
}
