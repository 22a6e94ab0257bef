import { loadConfig } from './config';
import { services as buildServices } from './composition';
import { prepareDatabase, onShutdown } from './startup';
import { listen } from './server';
import { startWorkers } from './jobs/worker';
import { createLogger } from './logger';
import { supervise, type Part } from './supervisor';

// `npm start` (no argument): migrate once, then run the web server and the job worker as two child processes of
// this one, which restarts either when it dies. `node dist/src/main.js web|worker` runs one part alone, for a
// process manager in production; it migrates first unless told the supervisor already did (`--migrated`).
export async function run(part: Part, options: { migrate: boolean } = { migrate: true }): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const applied = options.migrate ? await prepareDatabase(config) : [];
  const services = buildServices(config, { statementTimeoutMs: part === 'web' ? config.webStatementTimeoutMs : undefined });
  if (applied.length > 0) services.log.info({ applied }, 'migraties toegepast');
  const server = part === 'web' ? await listen(services) : undefined;
  const workers = part === 'worker' ? await startWorkers(services) : undefined;
  onShutdown(
    [
      () => server && new Promise((r) => server.close(r)),
      () => workers?.close(),
      // The last entries of this process, anchored outside the database before the connections close.
      () => services.audit.checkpoint().catch((e: Error) => services.log.error({ err: e.message }, 'audit-anker niet geschreven')),
      () => services.close(),
    ],
    services.log,
  );
  // A supervised child whose supervisor is gone (even by kill -9) stops too, rather than holding the port alone.
  // Emitted rather than sent: when the child is already stopping, nobody listens and nothing happens.
  if (process.send) process.once('disconnect', () => process.emit('SIGTERM', 'SIGTERM'));
  services.log.info(
    { part, port: server ? config.port : undefined, ms: Date.now() - started },
    `Jeugdtoezicht gestart${server ? ` op ${config.baseUrl}` : ''}`,
  );
}

export async function runSupervisor(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, config.env);
  const applied = await prepareDatabase(config);
  if (applied.length > 0) log.info({ applied }, 'migraties toegepast');
  const supervisor = supervise(['web', 'worker'], { entry: __filename, args: ['--migrated'], log });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info(`${signal} ontvangen, web en worker stoppen`);
      void supervisor.stop().then(() => {
        log.info('web en worker gestopt');
        process.exit(0);
      });
    });
  }
}

export function runOrExit(main: () => Promise<void>): void {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

if (require.main === module) {
  const [part, flag] = process.argv.slice(2);
  if (part === 'web' || part === 'worker') runOrExit(() => run(part, { migrate: flag !== '--migrated' }));
  else runOrExit(runSupervisor);
}
