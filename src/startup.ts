import type { Config } from './config';
import { createDb, createPool, ensureDatabase, migrateToLatest } from './db/connection';
import { ensureAppRole } from './db/appRole';

/** Creates the database when it is missing, applies pending migrations (as the owner) and grants the app's role its rights. */
export async function prepareDatabase(config: Config): Promise<string[]> {
  await ensureDatabase(config.databaseUrl);
  const db = createDb(createPool(config.databaseUrl, 1));
  try {
    const applied = await migrateToLatest(db);
    // The application connects as its own role, which can add to the audit trail but never change or empty it.
    await ensureAppRole(config.databaseUrl, config.appDatabaseUrl);
    return applied;
  } finally {
    await db.destroy();
  }
}

/** Closes in order on SIGTERM/SIGINT: stop taking work first, then the connections. */
export function onShutdown(steps: Array<() => Promise<unknown> | unknown>, log: { info(msg: string): void }): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} ontvangen, netjes afsluiten`);
    for (const step of steps) await step();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
