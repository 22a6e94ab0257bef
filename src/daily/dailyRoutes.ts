import type { Services } from '../composition';
import { get, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';
import { asText, fieldId } from '../web/forms';
import { hrefWith } from '../web/paging';
import { amsterdamDay } from '../common/time';
import { coveredDay, dayText, isIsoDay, nextDay, previousDay } from './days';

/**
 * An inspector's daily overview in the app: what the mail of that day said, with every alert (also those a digest
 * mailed before). Only for inspecteurs: it is "my providers", and a manager has the lists and the risk overview.
 */
export const DAILY_READERS = ['inspecteur'] as const;

export function dailyRoutes(services: Services): RouteDef[] {
  return [
    get(paths.daily, DAILY_READERS, async (req, res) => {
      const today = amsterdamDay(services.clock.now());
      const typed = asText(req.query.dag).trim();
      const day = typed || coveredDay(services.clock.now());
      const error = !isIsoDay(day)
        ? 'Vul een geldige datum in, bijvoorbeeld 2026-11-23'
        : day > today
          ? 'Kies vandaag of een dag in het verleden'
          : undefined;
      const base = { title: 'Dagelijks overzicht', action: paths.daily, values: { dag: typed || day } };
      if (error)
        return res.status(400).render('daily/show', {
          ...base,
          errors: { dag: error },
          errorList: [{ href: `#${fieldId('dag')}`, text: error }],
        });
      const overview = await services.daily.read(req.user!.id, day);
      res.render('daily/show', {
        ...base,
        title: `Dagelijks overzicht van ${dayText(day)}`,
        dayText: dayText(day),
        isToday: day === today,
        ...overview,
        previousHref: hrefWith(paths.daily, { dag: previousDay(day) }),
        nextHref: day < today ? hrefWith(paths.daily, { dag: nextDay(day) }) : undefined,
      });
    }),
  ];
}
