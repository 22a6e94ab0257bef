import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Executor } from '../../db/connection';
import type { Clock } from '../../clock';
import type { Role } from '../../auth/roles';
import { ForbiddenError } from '../../common/errors';
import { clampPage, PAGE_SIZE } from '../../web/paging';

export const CONSULTATION_FILTERS = { open: 'Open', 'te-laat': 'Open en te laat', afgerond: 'Vastgelegd' } as const;
export type ConsultationFilter = '' | keyof typeof CONSULTATION_FILTERS;

/**
 * Whose consultations (aliased `c`): a manager's are all of them; an inspector's are those of the providers they
 * are assigned to, and the ones they recorded themselves (so the list and signalReader.canRead agree). A manager who is
 * also an inspector sees only their own with `onlyMine` (the links of their home page's inspector section).
 */
export function consultationScope(user: { id: string; roles: readonly Role[] }, onlyMine = false): RawBuilder<SqlBool> {
  const inspector = user.roles.includes('inspecteur');
  if (user.roles.includes('manager') && !(onlyMine && inspector)) return sql<SqlBool>`true`;
  if (!inspector) throw new ForbiddenError('Uw rol geeft geen toegang tot afstemmingen.');
  return inspectorsConsultations(user.id);
}

/** An inspector's own consultations: of a provider they are assigned to, or recorded by them. */
export const inspectorsConsultations = (userId: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`(c.outcome_by = ${userId} or exists (select 1 from provider_inspectors pi where pi.provider_id = c.provider_id and pi.user_id = ${userId}))`;

// The consultation of a duplicate lapses: the matter is discussed through the original's.
const lapsed = sql<SqlBool>`exists (select 1 from signals d where d.id = c.signal_id and d.duplicate_of is not null)`;

export function consultationStatus(filter: ConsultationFilter, now: Date): RawBuilder<SqlBool> {
  if (filter === 'open') return sql<SqlBool>`(c.outcome_at is null and not ${lapsed})`;
  if (filter === 'te-laat') return sql<SqlBool>`(c.outcome_at is null and c.due_at < ${now} and not ${lapsed})`;
  if (filter === 'afgerond') return sql<SqlBool>`(c.outcome_at is not null or ${lapsed})`;
  return sql<SqlBool>`true`;
}

/** Open consultations past their due instant, for the managers' view (index consultations_open_due). */
export const overdueConsultationsQuery = (db: Executor, now: Date) =>
  db
    .selectFrom('consultations as c')
    .innerJoin('signals as s', 's.id', 'c.signal_id')
    .innerJoin('providers as p', 'p.id', 'c.provider_id')
    .select(['c.id', 'c.signal_id', 'c.due_at', 's.reference', 'p.name as provider_name'])
    .where('c.outcome_at', 'is', null)
    .where('s.duplicate_of', 'is', null)
    .where('c.due_at', '<', now)
    .orderBy('c.due_at');

/** Consultations with the inspectors: open ones first, soonest due on top; then the recorded ones, latest first. */
export function consultationList(db: Db, clock: Clock) {
  return async function list(
    user: { id: string; roles: readonly Role[] },
    filter: ConsultationFilter,
    requested: number,
    onlyMine = false,
    size = PAGE_SIZE,
  ) {
    const now = clock.now();
    const base = db
      .selectFrom('consultations as c')
      .innerJoin('signals as s', 's.id', 'c.signal_id')
      .innerJoin('providers as p', 'p.id', 'c.provider_id')
      .where(consultationScope(user, onlyMine))
      .where(consultationStatus(filter, now));
    const { n } = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const total = Number(n);
    const page = clampPage(requested, total, size);
    const rows = await base
      .leftJoin('users as by', 'by.id', 'c.outcome_by')
      .select([
        'c.id',
        'c.signal_id',
        'c.provider_id',
        'c.created_at',
        'c.due_at',
        'c.outcome_at',
        's.reference',
        's.duplicate_of',
        'p.name as provider_name',
        'by.name as outcome_by_name',
      ])
      // The outcome itself is free text that may name someone: the list shows only that and when it was recorded.
      .orderBy(sql`(c.outcome_at is not null or s.duplicate_of is not null)`)
      .orderBy(sql`case when c.outcome_at is null and s.duplicate_of is null then c.due_at end`)
      .orderBy('c.outcome_at', 'desc')
      .orderBy('s.reference')
      .offset((page - 1) * size)
      .limit(size)
      .execute();
    return { total, page, rows, now };
  };
}

export type ConsultationList = ReturnType<typeof consultationList>;
