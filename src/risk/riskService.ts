import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import { PAGE_SIZE, clampPage } from '../web/paging';
import { isCareType, type CareType } from '../providers/types';
import { countQuery, pageQuery, placeOptionsQuery, windowAt, type RiskRow, type RiskWindow } from './riskQuery';
import { cellsQuery, markedQuery, namesQuery, type NamedUnit } from './funnelQuery';
import { flaggedCells, funnelOf, type Funnel } from './funnel';
import type { RiskFilter } from './riskFilter';

/** Without a care type chosen, the funnel shows closed youth care: where the IGJ looks first. */
export const DEFAULT_FUNNEL_CARE_TYPE: CareType = 'jeugdzorgplus';
/** At most this many flagged groups are named beside the funnel (the most extreme first). */
export const NAMED_MAX = 50;

export interface FunnelData {
  careType: string;
  funnel: Funnel;
  /** The flagged groups (above the 99.8 % limit), named, most extreme first; `more` are flagged but not named. */
  named: Array<NamedUnit & { n: number; expected: number; upper95: number; upper998: number }>;
  more: number;
  marked?: NamedUnit & { n: number };
}

/** The risk overview: a page of the ranking with its true count, the filter's choices, and the funnel of one care type. */
export function riskService(db: Db, clock: Clock) {
  async function ranking(f: RiskFilter, w: RiskWindow) {
    const at = (page: number) => pageQuery(f, w, (page - 1) * PAGE_SIZE, PAGE_SIZE).execute(db);
    // Count and page side by side; a page past the end (an old link) is asked again as the last page.
    const [count, first] = await Promise.all([countQuery(f).execute(db), at(f.page)]);
    const total = count.rows[0]?.n ?? 0;
    const page = clampPage(f.page, total);
    const rows: RiskRow[] = page === f.page ? first.rows : (await at(page)).rows;
    return { total, page, rows };
  }

  async function funnel(careType: string | undefined, mark: string | undefined, w: RiskWindow): Promise<FunnelData> {
    const marked = mark ? (await markedQuery(mark, w).execute(db)).rows[0] : undefined;
    const type = careType ?? (marked && isCareType(marked.care_type) ? marked.care_type : DEFAULT_FUNNEL_CARE_TYPE);
    const cells = (await cellsQuery(type, w).execute(db)).rows;
    const f = funnelOf(cells);
    const flagged = flaggedCells(f);
    const wanted: Array<{ id: string; cell: (typeof flagged)[number] }> = [];
    for (const cell of flagged) for (const id of cell.ids) if (wanted.length < NAMED_MAX) wanted.push({ id, cell });
    const above = flagged.reduce((n, c) => n + c.units, 0);
    const names = wanted.length ? new Map((await namesQuery(wanted.map((x) => x.id)).execute(db)).rows.map((r) => [r.id, r])) : new Map();
    const named = wanted.flatMap(({ id, cell }) => {
      const unit = names.get(id);
      if (!unit) return [];
      return [{ ...unit, n: cell.n, expected: cell.expected, upper95: cell.upper95, upper998: cell.upper998 }];
    });
    return { careType: type, funnel: f, named, more: above - named.length, marked: marked?.care_type === type ? marked : undefined };
  }

  return {
    /** Everything the page shows, its queries run side by side. */
    async overview(f: RiskFilter) {
      const w = windowAt(clock.now());
      const [list, places, funnelData] = await Promise.all([ranking(f, w), placeOptionsQuery().execute(db), funnel(f.careType, f.mark, w)]);
      return {
        ...list,
        regions: places.rows.filter((r) => r.kind === 'region').map((r) => r.value),
        municipalities: places.rows.filter((r) => r.kind === 'municipality').map((r) => r.value),
        funnel: funnelData,
        window: w,
      };
    },
  };
}

export type RiskService = ReturnType<typeof riskService>;
