import { appRoleFor } from '../../src/config';
import { Client } from 'pg';

export const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The migrated template of this jest run (set by globalSetup). */
export const templateDb = (): string => process.env.JT_TEST_TEMPLATE ?? 'jeugdtoezicht_test_template';

export function urlFor(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(sqlText: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sqlText);
  } finally {
    await c.end();
  }
}

/** A fresh database copied from the migrated template; copying is much faster than migrating. */
export async function createTestDatabase(name: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`create database "${name}" template "${templateDb()}"`);
      return urlFor(name);
    } catch (e) {
      // Two workers copying the template at the same moment: PostgreSQL refuses one; try again shortly.
      if ((e as { code?: string }).code !== '55006' || attempt > 50) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

export async function dropTestDatabase(name: string): Promise<void> {
  await adminQuery(`drop database if exists "${name}" with (force)`);
  // A process started on this database (npm start, the supervisor) made the database's own app role: it goes too.
  await adminQuery(`drop role if exists "${appRoleFor(name)}"`).catch(() => undefined);
}
