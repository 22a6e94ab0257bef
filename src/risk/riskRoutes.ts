import type { Services } from '../composition';
import { get, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';
import { options } from '../web/forms';
import { pager, PAGE_SIZE } from '../web/paging';
import { CARE_TYPES } from '../providers/types';
import { RULES } from '../patterns/types';
import { SIGNAL_WINDOW_DAYS, scoreExplanation } from './score';
import { VIEWS, riskFilterOf } from './riskFilter';
import { pageHref, rowView, sortLinks } from './riskViews';
import { funnelView } from './funnelViews';
import { LIMITS } from './funnel';

/**
 * Inspectors and managers: the overview shows providers, groups and counts (no reporter, no young person), and both
 * plan from it. The rows link to pages those roles may open (provider, timeline, alerts).
 */
export const RISK_READERS = ['inspecteur', 'manager'] as const;

const listOf = (values: string[], chosen: string | undefined) => values.map((v) => ({ value: v, text: v, selected: v === chosen }));

export function riskRoutes(services: Services): RouteDef[] {
  return [
    get(paths.risk, RISK_READERS, async (req, res) => {
      const f = riskFilterOf(req);
      const data = await services.risk.overview(f);
      const shown = { ...f, page: data.page };
      const groups = f.view === 'groepen';
      res.render('risk/overview', {
        title: 'Risico-overzicht',
        filter: f,
        groups,
        viewOptions: options(VIEWS, f.view),
        careTypeOptions: options(CARE_TYPES, f.careType),
        ruleOptions: options(RULES, f.rule),
        regionOptions: listOf(data.regions, f.region),
        municipalityOptions: listOf(data.municipalities, f.municipality),
        canNarrow: req.user!.roles.includes('inspecteur'),
        mine: Boolean(f.inspectorId),
        sorted: f.sort !== 'score' || f.dir !== 'desc' ? { sort: f.sort, dir: f.dir } : undefined,
        mark: f.mark,
        columns: sortLinks(f),
        rows: data.rows.map((r, i) => rowView(r, (data.page - 1) * PAGE_SIZE + i + 1, groups)),
        pager: pager(data.total, data.page, pageHref(shown)),
        windowDays: SIGNAL_WINDOW_DAYS,
        explanation: scoreExplanation(),
        funnel: funnelView(data.funnel),
        limits: LIMITS,
      });
    }),
  ];
}
