import { createDb, createPool, migrateToLatest } from '../../src/db/connection';
import { TEMPLATE_DB, adminQuery, urlFor } from './db';

export default async function globalSetup(): Promise<void> {
  await adminQuery(`drop database if exists "${TEMPLATE_DB}" with (force)`);
  await adminQuery(`create database "${TEMPLATE_DB}"`);
  const db = createDb(createPool(urlFor(TEMPLATE_DB), 1));
  await migrateToLatest(db);
  await db.destroy();
}
