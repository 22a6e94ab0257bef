import type { Request, Response } from 'express';
import type { Services } from '../composition';
import { NotFoundError } from '../common/errors';
import { get, type RouteDef } from '../web/routeTable';
import { fill, paths } from '../web/paths';
import { fieldId } from '../web/forms';
import { labels } from '../web/labels';
import { scopeOf } from '../signals/search/conditions';
import type { PlaceRef } from './monthlyCounts';
import { monthlyView, parsePeriod } from './monthlyViews';

/**
 * Who sees the chart: those who work with signals and reports (the timeline's readers). Counts carry no personal
 * data, so an inspector sees them for every provider, also one they are not assigned to and whose signals they cannot
 * open (the provider page lists only the signals they may read; alerts, likewise without personal data, are read by
 * every inspector too). A beheerder reads no signals and has no chart.
 */
export const CHART_READERS = ['inspecteur', 'manager', 'meldpunt'] as const;
const ANCHOR = 'per-maand';

export const readsCharts = (req: Request): boolean => req.user!.roles.some((r) => (CHART_READERS as readonly string[]).includes(r));

/** The chart section for a place, its period from `?period=`; undefined for a role that does not see it. */
export async function monthlySection(services: Services, req: Request, place: PlaceRef, here: string, o: { tableOpen?: boolean } = {}) {
  if (!readsCharts(req)) return undefined;
  const { period, error } = parsePeriod(req.query.period);
  const { range, bars } = await services.monthly.bars(place, period);
  return monthlyView(bars, range, {
    period,
    error,
    action: `${here}#${ANCHOR}`,
    placeWord: 'providerId' in place ? 'deze aanbieder' : 'locationId' in place ? 'deze locatie' : 'deze groep',
    allCounted: scopeOf(req.user!).kind === 'inspector',
    tableOpen: o.tableOpen,
  });
}

/** A refused period is bad input: the page answers 400 with the message at the top and beside the choice. */
export const periodProblem = (section: { error?: string } | undefined, title: string) =>
  section?.error
    ? { status: 400, title: `${labels.errors.summary} — ${title}`, errorList: [{ href: `#${fieldId('period')}`, text: section.error }] }
    : { status: 200, title };

export function monthlyRoutes(services: Services): RouteDef[] {
  async function show(req: Request, res: Response, at: { locationId: string } | { unitId: string }) {
    const p = await services.providers.get(String(req.params.id));
    const location = 'locationId' in at ? p.locations.find((l) => l.id === at.locationId) : undefined;
    const unitLocation = 'unitId' in at ? p.locations.find((l) => l.units.some((u) => u.id === at.unitId)) : undefined;
    const unit = unitLocation?.units.find((u) => 'unitId' in at && u.id === at.unitId);
    if (!location && !unit) throw new NotFoundError('unitId' in at ? 'Groep niet gevonden' : 'Locatie niet gevonden');
    const here = location
      ? fill(paths.providers.locationMonthly, { id: p.id, locationId: location.id })
      : fill(paths.providers.unitMonthly, { id: p.id, unitId: unit!.id });
    const monthly = (await monthlySection(services, req, at, here, { tableOpen: true }))!;
    const name = location ? `locatie ${location.name}` : `groep ${unit!.name}`;
    const { status, ...page } = periodProblem(monthly, `Signalen en meldingen per ${monthly.word} — ${name}`);
    res.status(status).render('providers/monthly', {
      ...page,
      heading: `Signalen en meldingen — ${name}`,
      provider: p,
      providerHref: fill(paths.providers.show, { id: p.id }),
      locationName: unitLocation?.name,
      timelineHref: location
        ? fill(paths.providers.locationTimeline, { id: p.id, locationId: location.id })
        : fill(paths.providers.unitTimeline, { id: p.id, unitId: unit!.id }),
      monthly,
    });
  }

  return [
    get(paths.providers.locationMonthly, CHART_READERS, (req, res) =>
      show(req, res, { locationId: String(req.params.locationId).toLowerCase() }),
    ),
    get(paths.providers.unitMonthly, CHART_READERS, (req, res) => show(req, res, { unitId: String(req.params.unitId).toLowerCase() })),
  ];
}
