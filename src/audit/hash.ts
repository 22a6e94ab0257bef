import { createHash, createHmac } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string;
  changes: unknown;
  requestId: string | null;
}

// jsonb does not keep key order, so the hash is taken over a canonical form with sorted keys.
/** The hashed part of a stored audit row, in the shape the hash and the MAC are taken over. */
export const hashedFieldsOf = (r: {
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string;
  changes: unknown;
  request_id: string | null;
}): HashedFields => ({
  at: r.at,
  actorId: r.actor_id,
  actorLabel: r.actor_label,
  action: r.action,
  objectType: r.object_type,
  objectId: r.object_id,
  changes: r.changes,
  requestId: r.request_id,
});

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

function body(e: HashedFields, extra: Record<string, unknown> = {}): string {
  return canonicalJson({
    ...extra,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    objectType: e.objectType,
    objectId: e.objectId,
    changes: e.changes,
    requestId: e.requestId,
  });
}

/**
 * Entries made before keys were used (alg 'sha256'). Anyone can recompute this hash, so it proves nothing on its
 * own; it still verifies as the legacy start of the chain, which the first keyed entry commits to.
 */
export function entryHash(prevHash: string, e: HashedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(body(e)).digest('hex');
}

/** alg 'hmac-sha256': keyed with AUDIT_KEY, which is not in the database; the id is covered so rows cannot be renumbered. */
export function entryMac(key: Buffer, prevMac: string, id: string, e: HashedFields): string {
  return createHmac('sha256', key).update(prevMac).update('\n').update(body(e, { id })).digest('hex');
}
