import type { Services } from '../composition';
import { EVERYONE_LOGGED_IN, get, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';

/** The start page: each of the user's roles gets its section of counts, each count a link to its list. */
export const homeRoutes = (services: Services): RouteDef[] => [
  get(paths.home, EVERYONE_LOGGED_IN, async (req, res) => {
    const roles = req.user!.roles;
    res.render('home/index', {
      title: 'Start',
      sections: await services.home(req.user!),
      readsSignals: roles.includes('meldpunt') || roles.includes('manager') || roles.includes('inspecteur'),
      canEditProviders: roles.includes('inspecteur') || roles.includes('beheerder'),
      readsDailyOverview: roles.includes('inspecteur'),
      readsRisk: roles.includes('inspecteur') || roles.includes('manager'),
    });
  }),
];
