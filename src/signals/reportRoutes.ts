import type { Request } from 'express';
import type { Services } from '../composition';
import { amsterdamDay, isIsoDay } from '../common/time';
import { get, post, type RouteDef } from '../web/routeTable';
import { fill, paths } from '../web/paths';
import { formatDateTime } from '../web/format';
import { actorOf } from '../web/actor';
import { asList, asText, flash, options, renderInvalid } from '../web/forms';
import { REPORTER_TYPES } from './types';
import { figuresCsv, percent, tallyRow, weeklyChart } from './reportViews';

const MANAGERS = ['manager'] as const;
const ADMIN = ['beheerder'] as const;

/** The period from the query, by default the last twelve weeks up to today (Amsterdam). */
function period(req: Request, today: string) {
  const from = asText(req.query.from);
  const to = asText(req.query.to);
  const defaultFrom = new Date(new Date(`${today}T00:00:00Z`).getTime() - 83 * 86_400_000).toISOString().slice(0, 10);
  const ok = isIsoDay(from) && isIsoDay(to) && from <= to;
  return { from: ok ? from : defaultFrom, to: ok ? to : today, invalid: Boolean(from || to) && !ok };
}

export function reportRoutes(services: Services): RouteDef[] {
  const { norms } = services;
  const unitLabels = { hours: 'uur', 'working-days': 'werkdagen' };
  const normList = async () => ({
    title: 'Normen voor contact',
    norms: (await norms.active()).map((n) => ({
      ...n,
      amountNumber: Number(n.amount),
      unitLabel: unitLabels[n.unit as keyof typeof unitLabels],
      types: n.reporter_types.map((t) => REPORTER_TYPES[t as keyof typeof REPORTER_TYPES] ?? t).join(', '),
      href: fill(paths.admin.norm, { id: n.id }),
      since: formatDateTime(n.created_at),
    })),
  });
  const normForm = async (id: string, values?: { label: string; unit: string; amount: string | number; reporterTypes: string[] }) => {
    const n = await norms.get(id);
    const v = values ?? { label: n.label, unit: n.unit, amount: Number(n.amount), reporterTypes: n.reporter_types };
    return { title: `Norm wijzigen: ${n.label}`, norm: n, action: fill(paths.admin.norm, { id }), values: v, unitOptions: options(unitLabels, v.unit), typeOptions: options(REPORTER_TYPES, v.reporterTypes) };
  };

  return [
    get(paths.followUpReport, MANAGERS, async (req, res) => {
      const p = period(req, amsterdamDay(services.clock.now()));
      const f = await services.followUpReport(p.from, p.to);
      res.render('signals/report', {
        title: 'Rapportage opvolging',
        period: p,
        figures: f,
        totals: [tallyRow('Jeugdigen en oud-bewoners (48 uur)', f.youth), tallyRow('Overige melders (5 werkdagen)', f.others)],
        weeks: f.weeks.map((w) => ({ week: w.week, youth: tallyRow('', w.youth), others: tallyRow('', w.others) })),
        months: f.months.map((m) => ({ month: m.month, youth: tallyRow('', m.youth), others: tallyRow('', m.others) })),
        staff: f.staff.map((s) => ({ ...s, share: percent(s.shareWithinNorm) })),
        breaches: f.breaches.map((b) => ({ ...b, href: fill(paths.signals.show, { id: b.id }), due: formatDateTime(b.dueAt), contacted: b.contactedAt ? formatDateTime(b.contactedAt) : 'nog geen contact' })),
        unreachable: f.unreachable.map((u) => ({ ...u, href: fill(paths.signals.show, { id: u.id }) })),
        chart: weeklyChart(f.weeks),
        csvHref: `${paths.followUpCsv}?from=${p.from}&to=${p.to}`,
        overdueConsultations: await services.assessments.overdueConsultations(),
      });
    }),
    get(paths.followUpCsv, MANAGERS, async (req, res) => {
      const p = period(req, amsterdamDay(services.clock.now()));
      const f = await services.followUpReport(p.from, p.to);
      res.type('text/csv; charset=utf-8').attachment(`opvolging-${p.from}-${p.to}.csv`).send(figuresCsv(f));
    }),
    get(paths.admin.norms, ADMIN, async (_req, res) => res.render('signals/norms', await normList())),
    get(paths.admin.norm, ADMIN, async (req, res) => res.render('signals/norm', await normForm(String(req.params.id)))),
    post(paths.admin.norm, ADMIN, async (req, res) => {
      const input = { label: asText(req.body.label), unit: asText(req.body.unit), amount: asText(req.body.amount), reporterTypes: asList(req.body.reporterTypes) };
      try {
        await norms.replace(actorOf(req), String(req.params.id), input);
      } catch (e) {
        return renderInvalid(res, 'signals/norm', await normForm(String(req.params.id), input), e, input);
      }
      flash(res, 'De norm is gewijzigd. Nieuwe signalen krijgen de nieuwe norm; bestaande houden hun eigen termijn.');
      res.redirect(303, paths.admin.norms);
    }),
  ];
}
