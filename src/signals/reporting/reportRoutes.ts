import type { Request } from 'express';
import type { Services } from '../../composition';
import { amsterdamDay } from '../../common/time';
import { periodErrors } from './reportPeriod';
import { get, type RouteDef } from '../../web/routeTable';
import { validated } from '../../web/apiValidation';
import { ValidationError } from '../../common/errors';
import { paths } from '../../web/paths';
import { asText } from '../../web/forms';
import { actorOf } from '../../web/actor';
import type { FollowUpFigures } from './followUpReport';
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

/**
 * The reasons for breaches and unreachable reporters are free text that may name a young person: whoever the report
 * shows them to has read them, as on the signal page, and the audit trail says so (one entry per view).
 */
async function auditReasons(services: Services, req: Request, f: FollowUpFigures, period: { from: string; to: string }) {
  const shown = [...f.breaches.filter((b) => b.reason), ...f.unreachable.filter((u) => u.reason)].map((r) => r.id);
  if (shown.length === 0) return;
  await services.audit.recordEvent(actorOf(req), {
    action: 'read',
    objectType: 'follow-up-report',
    objectId: `${period.from}/${period.to}`,
    changes: { fields: ['breachReason', 'unreachableReason'], signalIds: [...new Set(shown)] },
  });
}

export function reportRoutes(services: Services): RouteDef[] {
  return [
    get(paths.followUpReport, MANAGERS, async (req, res) => {
      const p = period(req, amsterdamDay(services.clock.now()));
      const f = await services.followUpReport(p.from, p.to);
      await auditReasons(services, req, f, p);
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
        const f = await services.followUpReport(from, to);
        await auditReasons(services, req, f, { from, to });
        res.json(f);
      }),
    ),
  ];
}
