import { rmSync } from 'node:fs';
import { dropTestDatabase, templateDb } from './db';

export default async function globalTeardown(): Promise<void> {
  await dropTestDatabase(templateDb());
  if (process.env.AUDIT_ANCHOR_DIR) rmSync(process.env.AUDIT_ANCHOR_DIR, { recursive: true, force: true });
}
