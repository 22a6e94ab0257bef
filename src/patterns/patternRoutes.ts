import type { Request, Response } from 'express';
import type { Services } from '../composition';
import { get, post, type RouteDef } from '../web/routeTable';
import { fill, paths } from '../web/paths';
import { actorOf } from '../web/actor';
import { asText, flash, options, renderInvalid } from '../web/forms';
import { formatDateTime } from '../web/format';
import { hrefWith, pageNumber, pager, PAGE_SIZE } from '../web/paging';
import { isUuid } from '../common/errors';
import { providerPicker } from '../providers/providerPicker';
import { ALERT_STATUSES, DECISIONS, RULES, isAlertStatus, isRule, type AlertStatus, type Rule } from './types';
import { decisionLabel, figureLine, itemRow, listRow, ruleLabel, statusLabel } from './views';
import { placeLine } from './places';
import { historyChart, historyRows } from './historyChart';
import { funnelHrefOf } from '../risk/riskViews';

/**
 * Inspectors and managers read every alert: an alert names a rule, a place and figures, no reporter, and an inspector
 * standing in for a colleague or looking across a chain of providers needs the whole picture; the signals behind it stay
 * behind signalReader. Deciding is the assigned inspectors' (or a manager's): patternService.decide checks it.
 */
export const ALERT_READERS = ['inspecteur', 'manager'] as const;
const WHO = ALERT_READERS;

interface ListQuery {
  rule: Rule | '';
  status: AlertStatus | '';
  provider: string;
  mine: boolean;
}

const queryOf = (req: Request): ListQuery => {
  const rule = asText(req.query.rule);
  const status = asText(req.query.status);
  const provider = asText(req.query.provider);
  return {
    rule: isRule(rule) ? rule : '',
    status: isAlertStatus(status) ? status : '',
    provider: isUuid(provider) ? provider : '',
    mine: req.query.mine === '1' && req.user!.roles.includes('inspecteur'),
  };
};

const listParams = (q: ListQuery) => ({ rule: q.rule, status: q.status, provider: q.provider, mine: q.mine ? '1' : undefined });

export function patternRoutes(services: Services): RouteDef[] {
  const { patterns } = services;

  async function show(req: Request, res: Response, form?: { values: { decision: string; reason: string }; err: unknown }) {
    const id = String(req.params.id);
    const { alert: a, items, history, canDecide } = await patterns.get(req.user!, id);
    const view = {
      title: `Waarschuwing: ${ruleLabel(a.rule)}`,
      rule: ruleLabel(a.rule),
      open: a.status === 'open',
      status: statusLabel(a.status),
      place: placeLine({ provider: a.provider_name, location: a.location_name, unit: a.unit_name }),
      providerHref: fill(paths.providers.show, { id: a.provider_id }),
      places: a.unit_places,
      theme: a.theme_label,
      explanation: a.explanation,
      figures: figureLine(a),
      created: formatDateTime(a.created_at),
      updated: formatDateTime(a.updated_at),
      items: items.map(itemRow),
      history: historyRows(history),
      // Up to now while open; a closed alert's line ends at the decision.
      historyChart: historyChart(history, a.decided_at ?? services.clock.now()),
      decision: a.decision
        ? { label: decisionLabel(a.decision), reason: a.decision_reason, by: a.decided_by_name, at: formatDateTime(a.decided_at) }
        : undefined,
      canDecide: canDecide && a.status === 'open',
      action: fill(paths.patterns.decide, { id }),
      backHref: paths.patterns.list,
      // A rise about a group: the group in the funnel of comparable groups (the risk overview).
      funnelHref: funnelHrefOf(a),
    };
    const values = form?.values ?? { decision: '', reason: '' };
    const data = {
      ...view,
      values,
      decisionOptions: Object.entries(DECISIONS).map(([value, text]) => ({ value, text, checked: value === values.decision })),
    };
    if (form) return renderInvalid(res, 'patterns/show', data, form.err, values);
    res.render('patterns/show', data);
  }

  return [
    get(paths.patterns.list, WHO, async (req, res) => {
      const q = queryOf(req);
      const picker = await providerPicker(services.providers, {
        name: 'provider',
        chosen: q.provider,
        q: asText(req.query.providerQ),
        clearHref: hrefWith(paths.patterns.list, { ...listParams(q), provider: undefined }),
      });
      const filter = {
        rule: q.rule || undefined,
        status: q.status || undefined,
        providerId: picker.chosen ? q.provider : undefined,
        inspectorId: q.mine ? req.user!.id : undefined,
      };
      const found = await patterns.list(filter, pageNumber(req.query.page), PAGE_SIZE);
      res.render('patterns/list', {
        title: 'Patronen',
        ruleOptions: options(RULES, q.rule),
        statusOptions: options(ALERT_STATUSES, q.status),
        canNarrow: req.user!.roles.includes('inspecteur'),
        mine: q.mine,
        picker,
        rows: found.rows.map(listRow),
        pager: pager(found.total, found.page, (page) =>
          hrefWith(paths.patterns.list, { ...listParams(q), page: page > 1 ? page : undefined }),
        ),
      });
    }),
    get(paths.patterns.show, WHO, (req, res) => show(req, res)),
    post(paths.patterns.decide, WHO, async (req, res) => {
      const values = { decision: asText(req.body.decision), reason: asText(req.body.reason) };
      try {
        await patterns.decide(actorOf(req), req.user!, String(req.params.id), values);
      } catch (err) {
        return show(req, res, { values, err });
      }
      flash(res, 'Uw besluit is vastgelegd. De waarschuwing is afgehandeld.');
      res.redirect(303, fill(paths.patterns.show, { id: String(req.params.id) }));
    }),
  ];
}
