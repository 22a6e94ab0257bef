import type { Db, Executor } from '../db/connection';
import type { Clock } from '../clock';
import * as repo from './auditRepository';
import { GENESIS_HASH, entryMac, hashedFieldsOf } from './hash';
import { verifyChain, type VerifyOptions } from './auditVerify';
import { auditAnchor } from './auditAnchor';
import { auditTrail } from './auditTrail';
import type { AuditSettings } from './auditSettings';
import type { Actor, AuditEntry, FieldChanges } from './types';

export type { VerifyOptions, VerifyResult } from './auditVerify';

export interface RecordInput {
  action: string;
  objectType: string;
  objectId: string;
  changes?: unknown;
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

export function auditService(db: Db, clock: Clock, settings: AuditSettings) {
  const anchor = auditAnchor(db, clock, settings);

  /** Appends one entry inside the caller's transaction, so the change and its audit entry commit together. */
  async function record(trx: Executor, actor: Actor, input: RecordInput): Promise<void> {
    await repo.lockChain(trx);
    const prev = (await repo.last(trx))?.hash ?? GENESIS_HASH;
    const id = await repo.nextId(trx);
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
      id,
      at: fields.at,
      actor_id: fields.actorId,
      actor_label: fields.actorLabel,
      action: fields.action,
      object_type: fields.objectType,
      object_id: fields.objectId,
      changes: fields.changes,
      request_id: fields.requestId,
      prev_hash: prev,
      hash: entryMac(settings.key, prev, id, fields),
      alg: 'hmac-sha256',
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

  /** Recomputes the chain with the key and compares it with the anchor file (`cli verify-audit`). */
  function verify(opts?: VerifyOptions) {
    return verifyChain(db, settings, opts);
  }

  async function find(filter: repo.AuditFilter): Promise<AuditEntry[]> {
    const rows = await repo.find(db, filter);
    return rows.map((r) => ({ id: r.id, ...hashedFieldsOf(r) }));
  }

  return { record, recordRead, recordEvent, verify, checkpoint: anchor.checkpoint, find, trail: auditTrail(db) };
}

export type AuditService = ReturnType<typeof auditService>;
