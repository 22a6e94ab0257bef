import { isUuid } from '../common/errors';
import { asText } from '../web/forms';
import { pageNumber, type SortDir } from '../web/paging';
import { isReportKind, type ReportKind } from './types';

/** The columns the list may be sorted by; anything else in the address sorts by the default. */
export const SORT_KEYS = ['registered', 'occurred', 'reported', 'reference', 'provider'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const LATE_FILTERS = { ja: 'Te laat gemeld', nee: 'Op tijd gemeld' } as const;

export interface ReportFilter {
  kind: '' | ReportKind;
  provider: string;
  late: '' | keyof typeof LATE_FILTERS;
  /** Only reports without a follow-up decision yet. */
  undecided: boolean;
  sort: SortKey;
  dir: SortDir;
  page: number;
}

export const DEFAULT_FILTER: ReportFilter = {
  kind: '',
  provider: '',
  late: '',
  undecided: false,
  sort: 'registered',
  dir: 'desc',
  page: 1,
};

/**
 * Reads the filter from the address; a value that is not one of the choices filters nothing, rather than reaching the
 * query. Each value is read as req.query.<name>, the form the fuzz test looks for.
 */
export function parseFilter(req: { query: Record<string, unknown> }): ReportFilter {
  const t = (v: unknown) => asText(v).trim();
  const kind = t(req.query.kind);
  const late = t(req.query.late);
  const sort = t(req.query.sort) as SortKey;
  const known = SORT_KEYS.includes(sort);
  const dir = t(req.query.dir);
  return {
    kind: isReportKind(kind) ? kind : '',
    provider: isUuid(t(req.query.provider)) ? t(req.query.provider) : '',
    late: late === 'ja' || late === 'nee' ? late : '',
    undecided: t(req.query.undecided) === '1',
    sort: known ? sort : 'registered',
    dir: dir === 'asc' || dir === 'desc' ? dir : known && (sort === 'provider' || sort === 'reference') ? 'asc' : 'desc',
    page: pageNumber(req.query.page),
  };
}

/** The filter as query values for a link; defaults are left out. `page` is left out: a new filter starts at page 1. */
export function filterParams(f: ReportFilter): Record<string, string | undefined> {
  const plain = f.sort === DEFAULT_FILTER.sort && f.dir === DEFAULT_FILTER.dir;
  return {
    kind: f.kind,
    provider: f.provider,
    late: f.late,
    undecided: f.undecided ? '1' : undefined,
    sort: plain ? undefined : f.sort,
    dir: plain ? undefined : f.dir,
  };
}
