import type { Services } from '../composition';
import { get, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';

export const healthRoutes = (services: Services): RouteDef[] => [
  get(paths.health, 'public', async (_req, res) => {
    const result = await services.health.check();
    res
      .status(result.status === 'ok' ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json(result);
  }),
];
