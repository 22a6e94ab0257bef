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
import { hrefWith, pageNumber } from '../../web/paging';
import type { FollowUpFigures, ListRequest } from './followUpReport';
import { figuresCsv, overdueConsultationsText, reportPage, type ListName } from './reportViews';

const MANAGERS = ['manager'] as const;
/** An API client pages through a long list in fewer requests than a person does. */
const API_PAGE_SIZE = 100;
const LISTS: ListName[] = ['breachesPage', 'unreachablePage'];
const ANCHOR: Record<ListName, string> = { breachesPage: 'termijn-niet-gehaald', unreachablePage: 'onbereikbaar' };

/** The requested page of each list (1 when missing or not a number). */
const listPages = (req: Request): Required<Omit<ListRequest, 'perPage'>> => ({
  breachesPage: pageNumber(req.query.breachesPage),
  unreachablePage: pageNumber(req.query.unreachablePage),
});

/** Page numbers in a link only when not the first: the address stays short. */
const pageParams = (pages: Record<ListName, number>) => Object.fromEntries(LISTS.map((l) => [l, pages[l] > 1 ? pages[l] : undefined]));

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
      // Independent reads side by side: the page waits for the slower, not for the sum.
      const [f, overdueConsultations] = await Promise.all([
        services.followUpReport(p.from, p.to, listPages(req)),
        services.assessments.overdueConsultations(),
      ]);
      await auditReasons(services, req, f, p);
      const shown = { breachesPage: f.breachesPage.page, unreachablePage: f.unreachablePage.page };
      const listHref = (list: ListName, page: number) =>
        `${hrefWith(paths.followUpReport, { from: p.from, to: p.to, ...pageParams({ ...shown, [list]: page }) })}#${ANCHOR[list]}`;
      res.render('signals/reporting/report', {
        title: 'Rapportage opvolging',
        period: p,
        figures: f,
        ...reportPage(f, services.config.followUpTargetPercent, listHref),
        csvHref: `${paths.followUpCsv}?from=${p.from}&to=${p.to}`,
        overdueConsultations,
        overdueConsultationsText: overdueConsultationsText(overdueConsultations.total),
      });
    }),
    get(paths.followUpCsv, MANAGERS, async (req, res) => {
      const p = period(req, amsterdamDay(services.clock.now()));
      // The CSV holds the figures only, not the lists.
      const f = await services.followUpReport(p.from, p.to, { perPage: 0 });
      res.type('text/csv; charset=utf-8').attachment(`opvolging-${p.from}-${p.to}.csv`).send(figuresCsv(f));
    }),
    /*
     * GET /api/v1/reports/follow-up?from=YYYY-MM-DD&to=YYYY-MM-DD: the figures as on the page (youth, others, weeks,
     * months, staff, now, youngPersonSelf, duplicates). Since issue 9 `breaches` and `unreachable` are one page of
     * at most 100, oldest first; `breachesPage` and `unreachablePage` say which ({ page, perPage, total, next }),
     * `total` being the whole list and `next` the address of the next page (null on the last). Ask another page
     * with ?breachesPage=N or ?unreachablePage=N; a page past the end gives the last one.
     */
    get(
      paths.api.followUpReport,
      'api',
      validated(async (req, res) => {
        const from = typeof req.query.from === 'string' ? req.query.from : '';
        const to = typeof req.query.to === 'string' ? req.query.to : '';
        const errors = periodErrors(from, to, amsterdamDay(services.clock.now()));
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        const f = await services.followUpReport(from, to, { ...listPages(req), perPage: API_PAGE_SIZE });
        await auditReasons(services, req, f, { from, to });
        const shown = { breachesPage: f.breachesPage.page, unreachablePage: f.unreachablePage.page };
        const next = (list: ListName) => {
          const { page, perPage, total } = f[list];
          return page * perPage < total
            ? hrefWith(paths.api.followUpReport, { from, to, ...pageParams({ ...shown, [list]: page + 1 }) })
            : null;
        };
        res.json({
          ...f,
          breachesPage: { ...f.breachesPage, next: next('breachesPage') },
          unreachablePage: { ...f.unreachablePage, next: next('unreachablePage') },
        });
      }),
    ),
  ];
}
