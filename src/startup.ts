import type { Config } from './config';
import { createDb, createPool, ensureDatabase, migrateToLatest } from './db/connection';

/** Creates the database when it is missing and applies pending migrations. */
export async function prepareDatabase(config: Config): Promise<string[]> {
  await ensureDatabase(config.databaseUrl);
  const db = createDb(createPool(config.databaseUrl, 1));
  try {
    return await migrateToLatest(db);
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
