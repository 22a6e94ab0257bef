import type { Server } from 'node:http';
import { createApp } from './app';
import type { Services } from './composition';

export function listen(services: Services): Promise<Server> {
  const app = createApp(services);
  return new Promise((resolve) => {
    const server = app.listen(services.config.port, () => resolve(server));
  });
}
