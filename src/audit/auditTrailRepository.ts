import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../db/connection';
import type { AuditRow, Database } from '../db/database';

/** Entries of one of `types` (none: of any type) whose object id is one of `ids`. */
export interface ObjectSet {
  types: string[];
  ids: string[];
}

/**
 * What belongs to one object's trail: the object itself and the rows that hang off it, which are audited under their
 * own type and id. `signalId` also finds entries that name the signal in their changes (messages, contact attempts).
 */
export interface Scope {
  sets: ObjectSet[];
  signalId?: string;
}

export interface TrailFilter {
  scope?: Scope;
  /** Every entry of one kind. */
  objectType?: string;
  actorId?: string;
  /** Amsterdam calendar days, both included. */
  from?: string;
  to?: string;
}

// The same expression as the index audit_log_signal (migration 011), so the planner can use it.
const namedSignal = sql<string>`coalesce(changes->'signalId'->>'after', changes->>'signalId')`;

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

/** A signal with its assessment (audited under the signal's id), contact attempts, consultation and messages. */
export async function signalScope(db: Executor, signalId: string): Promise<Scope> {
  const [attempts, consultations, messages] = await Promise.all([
    db.selectFrom('contact_attempts').select('id').where('signal_id', '=', signalId).execute(),
    db.selectFrom('consultations').select('id').where('signal_id', '=', signalId).execute(),
    db.selectFrom('signal_messages').select('id').where('signal_id', '=', signalId).execute(),
  ]);
  return {
    sets: [
      { types: ['signal', 'signal-assessment'], ids: [signalId] },
      { types: ['contact-attempt'], ids: ids(attempts) },
      { types: ['consultation'], ids: ids(consultations) },
      { types: ['signal-message'], ids: ids(messages) },
    ],
    signalId,
  };
}

/** A provider with its locations, groups and statuses; not the signals about it (each has a trail of its own). */
export async function providerScope(db: Executor, providerId: string): Promise<Scope> {
  const [locations, units, statuses] = await Promise.all([
    db.selectFrom('locations').select('id').where('provider_id', '=', providerId).execute(),
    db
      .selectFrom('units as u')
      .innerJoin('locations as l', 'l.id', 'u.location_id')
      .select('u.id')
      .where('l.provider_id', '=', providerId)
      .execute(),
    db.selectFrom('provider_statuses').select('id').where('provider_id', '=', providerId).execute(),
  ]);
  return {
    sets: [
      { types: ['provider'], ids: [providerId] },
      { types: ['location'], ids: ids(locations) },
      { types: ['unit'], ids: ids(units) },
      { types: ['provider-status'], ids: ids(statuses) },
    ],
  };
}

function where(f: TrailFilter) {
  return (eb: ExpressionBuilder<Database, 'audit_log'>) => {
    const all: Array<Expression<SqlBool>> = [];
    if (f.scope) {
      const any = f.scope.sets
        .filter((s) => s.ids.length > 0)
        .map((s) =>
          s.types.length > 0 ? eb.and([eb('object_type', 'in', s.types), eb('object_id', 'in', s.ids)]) : eb('object_id', 'in', s.ids),
        );
      if (f.scope.signalId) any.push(eb(namedSignal, '=', f.scope.signalId));
      all.push(eb.or(any));
    }
    if (f.objectType) all.push(eb('object_type', '=', f.objectType));
    if (f.actorId) all.push(eb('actor_id', '=', f.actorId));
    // Days in Amsterdam: from its midnight up to the next day's, whatever the offset (summer time) that day.
    if (f.from) all.push(sql<boolean>`at >= (${f.from}::date::timestamp at time zone 'Europe/Amsterdam')`);
    if (f.to) all.push(sql<boolean>`at < ((${f.to}::date + 1)::timestamp at time zone 'Europe/Amsterdam')`);
    return eb.and(all);
  };
}

/** One page, newest first. */
export function page(db: Executor, f: TrailFilter, limit: number, offset: number): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().where(where(f)).orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function count(db: Executor, f: TrailFilter): Promise<number> {
  const r = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(where(f))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function signalByReference(db: Executor, reference: string) {
  return db.selectFrom('signals').select(['id', 'reference']).where('reference', '=', reference).executeTakeFirst();
}

/**
 * Readable names for ids on a page: signals and mandatory reports by reference, providers, locations, groups and users by name. Nothing
 * about the young person or the reporter: those are never in the trail, and they are not added here.
 */
export async function namesFor(db: Executor, wanted: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (wanted.length === 0) return names;
  const [signals, reports, providers, locations, units, users] = await Promise.all([
    db.selectFrom('signals').select(['id', 'reference as name']).where('id', 'in', wanted).execute(),
    db.selectFrom('mandatory_reports').select(['id', 'reference as name']).where('id', 'in', wanted).execute(),
    db.selectFrom('providers').select(['id', 'name']).where('id', 'in', wanted).execute(),
    db.selectFrom('locations').select(['id', 'name']).where('id', 'in', wanted).execute(),
    db.selectFrom('units').select(['id', 'name']).where('id', 'in', wanted).execute(),
    db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute(),
  ]);
  for (const r of [...signals, ...reports, ...providers, ...locations, ...units, ...users]) names.set(r.id, r.name);
  return names;
}
