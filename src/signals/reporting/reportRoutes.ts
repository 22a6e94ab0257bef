import type { Request } from 'express';
import type { Services } from '../../composition';
import { amsterdamDay } from '../../common/time';
import { periodErrors } from './reportPeriod';
import { get, type RouteDef } from '../../web/routeTable';
import { validated } from '../../web/apiValidation';
import { ValidationError } from '../../common/errors';
import { paths } from '../../web/paths';
import { asText } from '../../web/forms';
import { figuresCsv, overdueConsultationsText, reportPage } from './reportViews';

const MANAGERS = ['manager'] as const;

/** The period from the query, by default the last twelve weeks up to today (Amsterdam). */
function period(req: Request, today: string) {
  const from = asText(req.query.from);
  const to = asText(req.query.to);
  const defaultFrom = new Date(new Date(`${today}T00:00:00Z`).getTime() - 83 * 86_400_000).toISOString().slice(0, 10);
  const ok = Object.keys(periodErrors(from, to, today)).length === 0;
  return { from: ok ? from : defaultFrom, to: ok ? to : today, invalid: Boolean(from || to) && !ok };
}

export function reportRoutes(services: Services): RouteDef[] {
  return [
    get(paths.followUpReport, MANAGERS, async (req, res) => {
      const p = period(req, amsterdamDay(services.clock.now()));
      const f = await services.followUpReport(p.from, p.to);
      const overdueConsultations = await services.assessments.overdueConsultations();
      res.render('signals/reporting/report', {
        title: 'Rapportage opvolging',
        period: p,
        figures: f,
        ...reportPage(f, services.config.followUpTargetPercent),
        csvHref: `${paths.followUpCsv}?from=${p.from}&to=${p.to}`,
        overdueConsultations,
        overdueConsultationsText: overdueConsultationsText(overdueConsultations.length),
      });
    }),
    get(paths.followUpCsv, MANAGERS, async (req, res) => {
      const p = period(req, amsterdamDay(services.clock.now()));
      const f = await services.followUpReport(p.from, p.to);
      res.type('text/csv; charset=utf-8').attachment(`opvolging-${p.from}-${p.to}.csv`).send(figuresCsv(f));
    }),
    get(
      paths.api.followUpReport,
      'api',
      validated(async (req, res) => {
        const from = typeof req.query.from === 'string' ? req.query.from : '';
        const to = typeof req.query.to === 'string' ? req.query.to : '';
        const errors = periodErrors(from, to, amsterdamDay(services.clock.now()));
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        res.json(await services.followUpReport(from, to));
      }),
    ),
  ];
}
