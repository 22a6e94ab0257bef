import type { Request } from 'express';
import { asText } from '../web/forms';
import { pageNumber, type SortDir } from '../web/paging';
import { isUuid } from '../common/errors';
import { isCareType, type CareType } from '../providers/types';
import { isRule, type Rule } from '../patterns/types';

/** Providers, or their groups (units) each on a row of their own. */
export const VIEWS = { aanbieders: 'Aanbieders', groepen: 'Groepen' } as const;
export type View = keyof typeof VIEWS;

/** The columns a list sorts on; each maps to one expression in riskQuery.ts. */
export const SORTS = ['score', 'name', 'alerts', 'signals', 'rate', 'missing', 'late'] as const;
export type Sort = (typeof SORTS)[number];
const isSort = (s: string): s is Sort => (SORTS as readonly string[]).includes(s);
/** Names read A to Z first; figures from high to low. */
export const firstDir = (s: Sort): SortDir => (s === 'name' ? 'asc' : 'desc');

export interface RiskFilter {
  view: View;
  careType?: CareType;
  region?: string;
  municipality?: string;
  /** Only alerts of this rule (rows with at least one such open alert). */
  rule?: Rule;
  /** Only the providers this inspector is assigned to. */
  inspectorId?: string;
  sort: Sort;
  dir: SortDir;
  page: number;
  /** A group to mark in the funnel plot (the link from a rise alert); its care type is the funnel's when none is chosen. */
  mark?: string;
}

// A region or municipality is free text in the locations table: anything up to a sensible length is compared as is.
const place = (v: unknown): string | undefined => {
  const s = asText(v).trim();
  return s && s.length <= 200 ? s : undefined;
};

/** The filter from the query string; anything unknown is left out rather than refused (a list, not a form). */
export function riskFilterOf(req: Request): RiskFilter {
  const q = req.query;
  const view = asText(q.view) === 'groepen' ? 'groepen' : 'aanbieders';
  const careType = asText(q.careType);
  const rule = asText(q.rule);
  const sort = asText(q.sort);
  const s: Sort = isSort(sort) ? sort : 'score';
  const dir = asText(q.dir);
  const mark = asText(q.mark);
  return {
    view,
    careType: isCareType(careType) ? careType : undefined,
    region: place(q.region),
    municipality: place(q.municipality),
    rule: isRule(rule) ? rule : undefined,
    // "Only mine" means something only to an inspector; a manager has no providers of their own.
    inspectorId: q.mine === '1' && req.user!.roles.includes('inspecteur') ? req.user!.id : undefined,
    sort: s,
    dir: dir === 'asc' || dir === 'desc' ? dir : firstDir(s),
    page: pageNumber(q.page),
    mark: isUuid(mark) ? mark : undefined,
  };
}

/** The query values that make this filter again (empty ones left out by hrefWith); paging and sorting keep all of them. */
export const filterParams = (f: RiskFilter): Record<string, string | number | undefined> => ({
  view: f.view === 'groepen' ? 'groepen' : undefined,
  careType: f.careType,
  region: f.region,
  municipality: f.municipality,
  rule: f.rule,
  mine: f.inspectorId ? '1' : undefined,
  mark: f.mark,
  sort: f.sort === 'score' && f.dir === 'desc' ? undefined : f.sort,
  dir: f.sort === 'score' && f.dir === 'desc' ? undefined : f.dir,
});
