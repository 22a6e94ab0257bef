// Paged lists: a page number from the query, the "1–25 van 1.234" line and page links that keep every filter.

export const PAGE_SIZE = 25;
// Far beyond any real list (a billion pages); the lists clamp to their last page before they read it, so a page number
// typed into the address bar never makes PostgreSQL skip more rows than the list has. A lower cap made the last pages
// of a million signals unreachable, with a "next" link that led back to the same page.
const MAX_PAGE = 1_000_000_000;

const nl = new Intl.NumberFormat('nl-NL');

/** The requested page (1 when missing or not a plain positive number). */
export function pageNumber(v: unknown): number {
  // Any run of digits is a page; one past the end (however many digits) is the last page, not the first.
  const n = typeof v === 'string' && /^\d{1,30}$/.test(v) ? Number(v) : 1;
  return Math.min(Math.max(n, 1), MAX_PAGE);
}

/** The page actually shown: one past the end shows the last page rather than an empty one. */
export const clampPage = (page: number, total: number, size = PAGE_SIZE): number => Math.max(1, Math.min(page, Math.ceil(total / size)));

/** A link to `base` with the given query values; empty ones are left out so the address stays short. */
export function hrefWith(base: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

export interface Pager {
  total: number;
  /** "1–25 van 1.234", or "geen" for an empty list. */
  range: string;
  pages: number;
  prev?: string;
  next?: string;
  links: Array<{ number: number; href: string; current: boolean } | { gap: true }>;
}

/** Page links around the current page (first and last always), each made by `hrefFor`. */
export function pager(total: number, page: number, hrefFor: (page: number) => string, size = PAGE_SIZE): Pager {
  const pages = Math.max(1, Math.ceil(total / size));
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(total, page * size);
  const wanted = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const links: Pager['links'] = [];
  wanted.forEach((n, i) => {
    if (i > 0 && n - wanted[i - 1]! > 1) links.push({ gap: true });
    links.push({ number: n, href: hrefFor(n), current: n === page });
  });
  return {
    total,
    range: total === 0 ? 'geen' : `${nl.format(first)}–${nl.format(last)} van ${nl.format(total)}`,
    pages,
    prev: page > 1 ? hrefFor(page - 1) : undefined,
    next: page < pages ? hrefFor(page + 1) : undefined,
    links: pages > 1 ? links : [],
  };
}

export type SortDir = 'asc' | 'desc';

/** A column header that sorts: its link flips the direction when it is the current column. */
export function sortHeader(
  label: string,
  key: string,
  current: { sort: string; dir: SortDir },
  hrefFor: (sort: string, dir: SortDir) => string,
  firstDir: SortDir = 'asc',
) {
  const active = current.sort === key;
  const dir: SortDir = active ? (current.dir === 'asc' ? 'desc' : 'asc') : firstDir;
  return {
    label,
    href: hrefFor(key, dir),
    ariaSort: active ? (current.dir === 'asc' ? 'ascending' : 'descending') : undefined,
    hint: dir === 'asc' ? 'sorteer oplopend' : 'sorteer aflopend',
  };
}
