import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, createPool, migrateToLatest } from '../../src/db/connection';
import { ensureAppRole } from '../../src/db/appRole';
import { appDatabaseUrlFor } from '../../src/config';
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
  // Grants live in the database, so every copy of the template has them; the role itself is server-wide.
  await ensureAppRole(urlFor(name), appDatabaseUrlFor(urlFor(name)));
  // Audit anchors of this run go to a temporary directory (one file per database), never to the project's var/;
  // services, spawned apps and the CLI all inherit these through the environment.
  process.env.AUDIT_ANCHOR_DIR = mkdtempSync(path.join(os.tmpdir(), 'jt-audit-anchor-'));
  process.env.AUDIT_KEY = randomBytes(32).toString('hex');
  delete process.env.AUDIT_ANCHOR_FILE;
}
