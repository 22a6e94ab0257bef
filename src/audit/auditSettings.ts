import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { projectRoot } from '../common/projectRoot';

export interface AuditSettings {
  /** The HMAC key; never stored in the database. */
  key: Buffer;
  /** The append-only file that anchors this database's chain head outside the database. */
  anchorFile: string;
  /**
   * The database's name, written on every anchor line so one file never vouches for another database. Not its host or
   * port: the same database reached another way (localhost, a proxy, another port) must find the same anchors.
   */
  database: string;
}

const DEV_KEY_FILE = path.join(projectRoot, 'var', 'audit.key');
const DEFAULT_ANCHOR_DIR = path.join(projectRoot, 'var', 'audit-anchor');

export function auditSettings(config: Config): AuditSettings {
  const name = decodeURIComponent(new URL(config.databaseUrl).pathname.replace(/^\//, ''));
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
  return {
    key: Buffer.from(config.auditKey ?? developmentKey(config.env), 'utf8'),
    anchorFile: config.auditAnchorFile ?? path.join(config.auditAnchorDir ?? DEFAULT_ANCHOR_DIR, `${safe(name)}.log`),
    database: name,
  };
}

/**
 * Outside production a missing AUDIT_KEY means a random key kept in var/audit.key (mode 0600, git-ignored), so
 * `npm start` needs no settings. Web, worker and CLI may start at the same moment: the key is written to a file
 * of its own and linked into place, so nobody ever reads a half-written key and the first one written wins.
 */
export function developmentKey(env: Config['env'], file = DEV_KEY_FILE): string {
  if (env === 'production') throw new Error('AUDIT_KEY is verplicht in productie');
  try {
    return readKey(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return readKey(file);
}

function readKey(file: string): string {
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new Error(`${file}: de auditsleutel is korter dan 32 tekens`);
  return key;
}
