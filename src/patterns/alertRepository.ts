import { sql } from 'kysely';
import type { Executor } from '../db/connection';
import type { AlertStatus, Rule } from './types';
import { alertOfInspector } from './conditions';

export interface AlertFilter {
  rule?: Rule;
  status?: AlertStatus;
  providerId?: string;
  /** Only alerts about providers this inspector is assigned to. */
  inspectorId?: string;
}

function filtered(db: Executor, f: AlertFilter) {
  let q = db.selectFrom('pattern_alerts as a');
  if (f.rule) q = q.where('a.rule', '=', f.rule);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.providerId) q = q.where('a.provider_id', '=', f.providerId);
  if (f.inspectorId) q = q.where(alertOfInspector(f.inspectorId));
  return q;
}

export async function count(db: Executor, f: AlertFilter): Promise<number> {
  const { n } = await filtered(db, f)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** A page of the list: open first, then the most recently changed (index pattern_alerts_list). */
export const page = (db: Executor, f: AlertFilter, offset: number, limit: number) =>
  filtered(db, f)
    .innerJoin('providers as p', 'p.id', 'a.provider_id')
    .leftJoin('locations as l', 'l.id', 'a.location_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('themes as t', 't.code', 'a.theme')
    .select([
      'a.id',
      'a.rule',
      'a.status',
      'a.provider_id',
      'a.observed',
      'a.expected',
      'a.upper_limit',
      'a.created_at',
      'a.updated_at',
      'a.decision',
      'p.name as provider_name',
      'l.name as location_name',
      'u.name as unit_name',
      't.label as theme_label',
    ])
    .orderBy(sql`a.status = 'open'`, 'desc')
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id')
    .offset(offset)
    .limit(limit)
    .execute();

/** The API's rows, each with the ids of its items in the order they were added. */
export const forApi = (db: Executor, f: AlertFilter, offset: number, limit: number) =>
  filtered(db, f)
    .selectAll('a')
    .select(
      sql<
        string[]
      >`array(select i.item_id::text from pattern_alert_items i where i.alert_id = a.id order by i.added_at, i.kind, i.item_id)`.as(
        'items',
      ),
    )
    .orderBy(sql`a.status = 'open'`, 'desc')
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id')
    .offset(offset)
    .limit(limit)
    .execute();

export const find = (db: Executor, id: string) =>
  db
    .selectFrom('pattern_alerts as a')
    .innerJoin('providers as p', 'p.id', 'a.provider_id')
    .leftJoin('locations as l', 'l.id', 'a.location_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('themes as t', 't.code', 'a.theme')
    .leftJoin('users as d', 'd.id', 'a.decided_by')
    .selectAll('a')
    .select([
      'p.name as provider_name',
      'l.name as location_name',
      'u.name as unit_name',
      'u.places as unit_places',
      't.label as theme_label',
      'd.name as decided_by_name',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();

/** The items behind an alert, with what identifies them (reference and moment), never what the reporter wrote. */
export async function items(db: Executor, alertId: string) {
  const { rows } = await sql<{ kind: 'signal' | 'report'; id: string; reference: string | null; at: Date | null; added_at: Date }>`
    select i.kind, i.item_id as id, coalesce(s.reference, r.reference) as reference,
           coalesce(s.received_at, r.occurred_at) as at, i.added_at
      from pattern_alert_items i
      left join signals s on i.kind = 'signal' and s.id = i.item_id
      left join mandatory_reports r on i.kind = 'report' and r.id = i.item_id
     where i.alert_id = ${alertId}
     order by at nulls last, i.item_id`.execute(db);
  return rows;
}

export const history = (db: Executor, alertId: string) =>
  db.selectFrom('pattern_alert_history').selectAll().where('alert_id', '=', alertId).orderBy('at').orderBy('id').execute();

export async function isInspectorOf(db: Executor, userId: string, providerId: string): Promise<boolean> {
  const r = await db
    .selectFrom('provider_inspectors')
    .select('user_id')
    .where('provider_id', '=', providerId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Boolean(r);
}
