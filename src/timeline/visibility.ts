import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../db/connection';
import { visibleIn } from '../signals/search/conditions';
import type { TimelineReader } from './types';

// Who sees what on one provider's timeline: each kind as its own pages allow. An inspector assigned to the provider
// reads all of its signals and reports; that is decided once here instead of per row, so their page stays a plain
// index walk. Meldpunt, managers and API clients read everything; a role that reads no signals reads none.

async function isAssigned(db: Executor, providerId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('provider_inspectors')
    .select('user_id')
    .where('provider_id', '=', providerId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * The provider's signals (aliased `s`) the reader may open: conditions.visibleIn, the rule of signalReader.canRead.
 * An inspector not assigned keeps the per-row rule (the signals whose JeugdzorgPlus consultation is theirs).
 */
export async function signalsVisible(db: Executor, providerId: string, reader: TimelineReader): Promise<RawBuilder<SqlBool>> {
  if (reader.kind === 'inspector' && (await isAssigned(db, providerId, reader.userId))) return sql<SqlBool>`true`;
  return visibleIn(reader);
}

/**
 * The provider's mandatory reports (aliased `r`) the reader may open, the rule of the report pages
 * (src/reports/reportRepository, readableByInspector): an inspector not assigned reads those they registered.
 */
export async function reportsVisible(db: Executor, providerId: string, reader: TimelineReader): Promise<RawBuilder<SqlBool>> {
  if (reader.kind === 'all') return sql<SqlBool>`true`;
  if (reader.kind === 'none') return sql<SqlBool>`false`;
  if (await isAssigned(db, providerId, reader.userId)) return sql<SqlBool>`true`;
  return sql<SqlBool>`(r.registered_by = ${reader.userId})`;
}
