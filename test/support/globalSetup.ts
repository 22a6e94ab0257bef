import { createDb, createPool, migrateToLatest } from '../../src/db/connection';
import { adminQuery, templateDb, urlFor } from './db';

// Each jest run migrates its own template, so two runs on one machine (a developer's and CI's, or helpers') never
// drop the template the other is copying from. Workers inherit the name through the environment.
export default async function globalSetup(): Promise<void> {
  process.env.JT_TEST_TEMPLATE = `jt_template_${process.pid}_${Date.now().toString(36)}`;
  const name = templateDb();
  await adminQuery(`drop database if exists "${name}" with (force)`);
  await adminQuery(`create database "${name}"`);
  const db = createDb(createPool(urlFor(name), 1));
  await migrateToLatest(db);
  await db.destroy();
}
