import { rmSync } from 'node:fs';
import { adminQuery, templateDb } from './db';

export default async function globalTeardown(): Promise<void> {
  await adminQuery(`drop database if exists "${templateDb()}" with (force)`);
  if (process.env.AUDIT_ANCHOR_DIR) rmSync(process.env.AUDIT_ANCHOR_DIR, { recursive: true, force: true });
}
