import { EVERYONE_LOGGED_IN, get, type RouteDef } from './routeTable';
import { paths } from './paths';

export const homeRoutes = (): RouteDef[] => [
  get(paths.home, EVERYONE_LOGGED_IN, (req, res) => {
    const roles = req.user!.roles;
    res.render('home', {
      title: 'Start',
      canEditProviders: roles.includes('inspecteur') || roles.includes('beheerder'),
      isAdmin: roles.includes('beheerder'),
    });
  }),
];
