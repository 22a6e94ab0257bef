import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config';
import { services as buildServices, type Services } from '../../src/composition';
import { fixedClock, type Clock } from '../../src/clock';
import { createTestDatabase, dropTestDatabase } from './db';

export interface TestContext {
  services: Services;
  config: Config;
  databaseUrl: string;
  databaseName: string;
  cleanup(): Promise<void>;
}

/** Real PostgreSQL (a database of its own) and real Redis (a queue prefix of its own) for one test file. */
export async function testServices(opts: { env?: Record<string, string>; clock?: Clock } = {}): Promise<TestContext> {
  const databaseName = `jt_test_${randomBytes(6).toString('hex')}`;
  const databaseUrl = await createTestDatabase(databaseName);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: `jt-test-${databaseName}`,
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const services = buildServices(config, { clock: opts.clock });
  return {
    services,
    config,
    databaseUrl,
    databaseName,
    async cleanup() {
      await services.close();
      await dropTestDatabase(databaseName);
    },
  };
}

export { fixedClock };
