import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import type { AuditService } from '../audit/auditService';
import type { Actor } from '../audit/types';
import { check } from '../common/errors';

// Tokens carry 256 random bits, so a fast hash is enough; only the hash is stored.
const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface ApiClient {
  id: string;
  name: string;
}

export function apiTokenService(db: Db, clock: Clock, audit: AuditService) {
  async function create(actor: Actor, name: string): Promise<{ id: string; token: string }> {
    check([['name', name.trim().length > 0, 'Geef het token een naam']]);
    const token = `jt_${randomBytes(32).toString('base64url')}`;
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('api_tokens')
        .values({ name: name.trim(), token_hash: hashToken(token) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit.record(trx, actor, {
        action: 'create',
        objectType: 'api-token',
        objectId: row.id,
        changes: { name: { before: null, after: name.trim() } },
      });
      return { id: row.id, token };
    });
  }

  async function authenticate(token: string): Promise<ApiClient | undefined> {
    const row = await db
      .selectFrom('api_tokens')
      .select(['id', 'name'])
      .where('token_hash', '=', hashToken(token))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    // At most one write a minute per token: "last used" needs no more precision, and a write per call costs a commit.
    const now = clock.now();
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - 60_000))]))
      .execute();
    return row;
  }

  return { create, authenticate };
}

export type ApiTokenService = ReturnType<typeof apiTokenService>;
