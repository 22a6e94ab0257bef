import type { Db, Executor } from '../db/connection';
import type { Clock } from '../clock';
import * as repo from './auditRepository';
import { GENESIS_HASH, entryHash } from './hash';
import type { Actor, AuditEntry, FieldChanges } from './types';

export interface RecordInput {
  action: string;
  objectType: string;
  objectId: string;
  changes?: unknown;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: string[];
}

/** Only the fields whose value differs, as before/after pairs. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): FieldChanges {
  const out: FieldChanges = {};
  for (const key of Object.keys(after)) {
    const a = after[key];
    const b = before[key];
    if (JSON.stringify(a) !== JSON.stringify(b)) out[key] = { before: b ?? null, after: a ?? null };
  }
  return out;
}

export function auditService(db: Db, clock: Clock) {
  /** Appends one entry inside the caller's transaction, so the change and its audit entry commit together. */
  async function record(trx: Executor, actor: Actor, input: RecordInput): Promise<void> {
    await repo.lockChain(trx);
    const prev = (await repo.head(trx))?.lastHash ?? GENESIS_HASH;
    const fields = {
      at: clock.now(),
      actorId: actor.userId,
      actorLabel: actor.label,
      action: input.action,
      objectType: input.objectType,
      objectId: input.objectId,
      changes: input.changes ?? {},
      requestId: actor.requestId,
    };
    await repo.append(trx, {
      at: fields.at,
      actor_id: fields.actorId,
      actor_label: fields.actorLabel,
      action: fields.action,
      object_type: fields.objectType,
      object_id: fields.objectId,
      changes: fields.changes,
      request_id: fields.requestId,
      prev_hash: prev,
      hash: entryHash(prev, fields),
    });
  }

  /** For reads of personal data, which have no surrounding transaction. */
  function recordRead(actor: Actor, objectType: string, objectId: string, fields: string[]): Promise<void> {
    return recordEvent(actor, { action: 'read', objectType, objectId, changes: { fields } });
  }

  /** For events without a surrounding transaction, such as a login. */
  function recordEvent(actor: Actor, input: RecordInput): Promise<void> {
    return db.transaction().execute((trx) => record(trx, actor, input));
  }

  async function verify(): Promise<VerifyResult> {
    const problems: string[] = [];
    let prev = GENESIS_HASH;
    let lastId: string | null = null;
    let checked = 0;
    for await (const row of repo.allInOrder(db)) {
      checked++;
      if (row.prev_hash !== prev) problems.push(`regel ${row.id}: sluit niet aan op de vorige regel (ontbrekende of gewijzigde regel ervoor)`);
      const expected = entryHash(row.prev_hash, {
        at: row.at,
        actorId: row.actor_id,
        actorLabel: row.actor_label,
        action: row.action,
        objectType: row.object_type,
        objectId: row.object_id,
        changes: row.changes,
        requestId: row.request_id,
      });
      if (expected !== row.hash) problems.push(`regel ${row.id}: inhoud komt niet overeen met de hash (gewijzigd)`);
      prev = row.hash;
      lastId = row.id;
    }
    const h = await repo.head(db);
    if (h && (h.lastId !== lastId || h.lastHash !== prev)) problems.push(`laatste regel ${h.lastId} ontbreekt of is gewijzigd`);
    if (!h && checked > 0) problems.push('kop van de keten ontbreekt');
    return { ok: problems.length === 0, checked, problems };
  }

  async function find(filter: repo.AuditFilter): Promise<AuditEntry[]> {
    const rows = await repo.find(db, filter);
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      changes: r.changes,
      requestId: r.request_id,
    }));
  }

  return { record, recordRead, recordEvent, verify, find };
}

export type AuditService = ReturnType<typeof auditService>;
