import { loadConfig } from './config';
import { services as buildServices } from './composition';
import { prepareDatabase, onShutdown } from './startup';
import { listen } from './server';
import { startWorkers } from './jobs/worker';

// `npm start`: migrate, then run the web server and the job worker in one process.
// `npm run web` and `npm run worker` run them apart, for deployments that scale them separately.
export async function run(mode: 'all' | 'web' | 'worker'): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const applied = await prepareDatabase(config);
  const services = buildServices(config);
  if (applied.length > 0) services.log.info({ applied }, 'migraties toegepast');
  const server = mode === 'worker' ? undefined : await listen(services);
  const workers = mode === 'web' ? undefined : await startWorkers(services);
  onShutdown(
    [() => server && new Promise((r) => server.close(r)), () => workers?.close(), () => services.close()],
    services.log,
  );
  services.log.info({ mode, port: server ? config.port : undefined, ms: Date.now() - started }, `Jeugdtoezicht gestart${server ? ` op ${config.baseUrl}` : ''}`);
}

export function runOrExit(mode: 'all' | 'web' | 'worker'): void {
  run(mode).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

if (require.main === module) runOrExit(process.argv[2] === 'web' ? 'web' : process.argv[2] === 'worker' ? 'worker' : 'all');
