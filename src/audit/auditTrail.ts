import type { Db } from '../db/connection';
import { isUuid } from '../common/errors';
import * as repo from './auditTrailRepository';
import { hashedFieldsOf } from './hash';
import { idsIn } from './auditViews';
import type { AuditEntry } from './types';

export const PAGE_SIZE = 50;
const REFERENCE = /^S-\d{4}-\d{6,}$/i;

export interface TrailQuery {
  /** '' for every kind. */
  objectType: string;
  /** An id, or for a signal its reference (S-2026-000123). */
  objectId: string;
  actorId: string;
  /** Amsterdam calendar days (YYYY-MM-DD), both included; '' for open-ended. */
  from: string;
  to: string;
  page: number;
}

/** The object whose whole trail is shown, by its readable name. */
export interface Subject {
  type: 'signal' | 'provider' | 'user';
  id: string;
  name: string;
}

export interface Trail {
  entries: AuditEntry[];
  total: number;
  page: number;
  subject?: Subject;
  /** The object asked for does not exist (an unknown reference, or not an id). */
  unknown: boolean;
  names: Map<string, string>;
}

/** Reads the audit trail a page at a time: per object (a signal or provider with all that hangs off it), user, period. */
export function auditTrail(db: Db) {
  async function resolve(
    type: string,
    given: string,
  ): Promise<{ filter: Pick<repo.TrailFilter, 'scope' | 'objectType'>; subject?: Subject } | undefined> {
    const id = given.trim();
    if (!id) return { filter: { objectType: type || undefined } };
    if (REFERENCE.test(id) && (type === '' || type === 'signal')) {
      const s = await repo.signalByReference(db, id.toUpperCase());
      return s && { filter: { scope: await repo.signalScope(db, s.id) }, subject: { type: 'signal', id: s.id, name: s.reference } };
    }
    if (type === 'signal' || type === 'provider' || type === 'user') {
      if (!isUuid(id)) return undefined;
      const name = (await repo.namesFor(db, [id])).get(id);
      if (!name) return undefined;
      const scope =
        type === 'signal'
          ? await repo.signalScope(db, id)
          : type === 'provider'
            ? await repo.providerScope(db, id)
            : { sets: [{ types: ['user'], ids: [id] }] };
      return { filter: { scope }, subject: { type, id, name } };
    }
    return { filter: { scope: { sets: [{ types: type ? [type] : [], ids: [id] }] } } };
  }

  return async function trail(q: TrailQuery): Promise<Trail> {
    const requested = Math.max(1, Math.floor(q.page) || 1);
    const resolved = await resolve(q.objectType, q.objectId);
    if (!resolved) return { entries: [], total: 0, page: 1, unknown: true, names: new Map() };
    const filter: repo.TrailFilter = {
      ...resolved.filter,
      actorId: q.actorId || undefined,
      from: q.from || undefined,
      to: q.to || undefined,
    };
    // Counted first, so a page past the end shows the last one instead of asking the database for a far offset.
    const total = await repo.count(db, filter);
    const page = Math.max(1, Math.min(requested, Math.ceil(total / PAGE_SIZE)));
    const rows = await repo.page(db, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    const entries = rows.map((r) => ({ id: r.id, ...hashedFieldsOf(r) }));
    const names = await repo.namesFor(db, idsIn(entries).slice(0, 1000));
    return { entries, total, page, subject: resolved.subject, unknown: false, names };
  };
}

export type AuditTrail = ReturnType<typeof auditTrail>;
