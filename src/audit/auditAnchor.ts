import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import * as repo from './auditRepository';
import { appendAnchor } from './anchorFile';
import type { AuditSettings } from './auditSettings';

/**
 * Writes the chain's head to the anchor file outside the database: by the worker's sweep every minute and by
 * every process when it stops. A database writer can then no longer drop, empty or rebuild the chain up to an
 * anchored entry unnoticed: `verify-audit` checks every anchor line of this database.
 */
export function auditAnchor(db: Db, clock: Clock, settings: AuditSettings) {
  // Only a changed head adds a line; an idle system does not grow the file by a line a minute.
  let written: string | undefined;

  /** Returns whether a line was added. */
  async function checkpoint(): Promise<boolean> {
    const [instance, head] = await Promise.all([repo.instance(db), repo.last(db)]);
    if (!instance) throw new Error('audit_instance ontbreekt: is de database gemigreerd?');
    if (!head) return false;
    const key = `${instance.instance_id}:${head.id}:${head.hash}`;
    if (key === written) return false;
    await appendAnchor(settings.anchorFile, settings.key, {
      v: 1,
      at: clock.now().toISOString(),
      db: settings.database,
      instance: instance.instance_id,
      legacyUntil: instance.legacy_until,
      id: head.id,
      mac: head.hash,
    });
    written = key;
    return true;
  }

  return { checkpoint };
}
