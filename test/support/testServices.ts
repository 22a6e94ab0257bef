import { randomBytes } from 'node:crypto';
import { appDatabaseUrlFor, appRoleFor, loadConfig, type Config } from '../../src/config';
import { services as buildServices, type Services } from '../../src/composition';
import { fixedClock, type Clock } from '../../src/clock';
import { createTestDatabase, dropTestDatabase, templateDb } from './db';
import { withTimeout } from '../../src/common/timeout';

export interface TestContext {
  services: Services;
  config: Config;
  databaseUrl: string;
  databaseName: string;
  cleanup(): Promise<void>;
}

/** Real PostgreSQL (a database of its own) and real Redis (a queue prefix of its own) for one test file. */
export async function testServices(
  opts: { env?: Record<string, string>; clock?: Clock; statementTimeoutMs?: number } = {},
): Promise<TestContext> {
  const databaseName = `jt_test_${randomBytes(6).toString('hex')}`;
  const databaseUrl = await createTestDatabase(databaseName);
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `jt-test-${databaseName}`,
    LOG_LEVEL: 'silent',
    // The run's own audit key and anchor directory (globalSetup); the anchor file is per database.
    AUDIT_KEY: process.env.AUDIT_KEY,
    AUDIT_ANCHOR_DIR: process.env.AUDIT_ANCHOR_DIR,
    ...opts.env,
  };
  // The copy's grants are the template's (they live in the database), so the app connects as the template's role.
  const config = loadConfig({ APP_DATABASE_URL: appDatabaseUrlFor(env.DATABASE_URL, appRoleFor(templateDb())), ...env });
  const services = buildServices(config, { clock: opts.clock, statementTimeoutMs: opts.statementTimeoutMs });
  return {
    services,
    config,
    databaseUrl,
    databaseName,
    async cleanup() {
      // Remove this file's queues from the shared Redis; bounded, since some tests point at an unreachable one.
      const q = services.queues;
      await withTimeout(Promise.all([q.mail, q.maintenance, q.signals, q.patterns].map((x) => x.obliterate({ force: true }))), 3000).catch(
        () => undefined,
      );
      await services.close();
      await dropTestDatabase(databaseName);
    },
  };
}

export { fixedClock };
