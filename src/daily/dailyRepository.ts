import { sql } from 'kysely';
import type { Executor } from '../db/connection';

// One inspector's day: what the IGJ registered in [from, to) about the providers they are assigned to. Each query
// selects what identifies an item (reference, kind, place) and never what a reporter wrote or who they are: no contact
// details, names, summaries, descriptions or explanations.

export interface Window {
  userId: string;
  from: Date;
  to: Date;
}

interface Place {
  provider_id: string;
  provider: string;
  location: string | null;
  unit: string | null;
}

export interface SignalLine extends Place {
  id: string;
  reference: string;
  reporter_type: string;
  channel: string;
  received_at: Date;
}

export interface ReportLine extends Place {
  id: string;
  reference: string;
  kind: string;
  late: boolean;
  death: boolean;
  occurred_at: Date;
}

export interface AlertLine extends Place {
  id: string;
  rule: string;
  status: string;
  theme: string | null;
  /** Raised that day (or strengthened only). */
  is_new: boolean;
  /** The figures of its last change that day. */
  observed: string;
  expected: string | null;
  upper_limit: string | null;
  /** A digest to this inspector named it after its last change that day. */
  mailed: boolean;
}

/** Signals registered that day (the index signals_registered reads the day's slice), oldest first per provider. */
export async function signals(db: Executor, w: Window): Promise<SignalLine[]> {
  const { rows } = await sql<SignalLine>`
    select s.id, s.reference, s.reporter_type, s.channel, s.received_at,
           s.provider_id, p.name as provider, l.name as location, u.name as unit
      from signals s
      join provider_inspectors pi on pi.provider_id = s.provider_id and pi.user_id = ${w.userId}
      join providers p on p.id = s.provider_id
      left join locations l on l.id = s.location_id
      left join units u on u.id = s.unit_id
     where s.registered_at >= ${w.from} and s.registered_at < ${w.to}
     order by p.name, p.id, s.registered_at, s.reference`.execute(db);
  return rows;
}

/** Mandatory reports registered that day. */
export async function reports(db: Executor, w: Window): Promise<ReportLine[]> {
  const { rows } = await sql<ReportLine>`
    select r.id, r.reference, r.kind, r.late, r.death, r.occurred_at,
           r.provider_id, p.name as provider, l.name as location, u.name as unit
      from mandatory_reports r
      join provider_inspectors pi on pi.provider_id = r.provider_id and pi.user_id = ${w.userId}
      join providers p on p.id = r.provider_id
      left join locations l on l.id = r.location_id
      left join units u on u.id = r.unit_id
     where r.registered_at >= ${w.from} and r.registered_at < ${w.to}
     order by p.name, p.id, r.registered_at, r.reference`.execute(db);
  return rows;
}

/** Alerts raised or strengthened that day, each once, with the figures of its last change that day. */
export async function alerts(db: Executor, w: Window): Promise<AlertLine[]> {
  const { rows } = await sql<AlertLine>`
    with changes as (
      select h.alert_id, h.at, h.kind, h.observed, h.expected, h.upper_limit
        from pattern_alert_history h
       where h.at >= ${w.from} and h.at < ${w.to}),
    last as (
      select distinct on (c.alert_id) c.alert_id, c.at, c.observed, c.expected, c.upper_limit,
             bool_or(c.kind = 'created') over (partition by c.alert_id) as is_new
        from changes c
       order by c.alert_id, c.at desc)
    select a.id, a.rule, a.status, t.label as theme, last.is_new, last.observed, last.expected, last.upper_limit,
           a.provider_id, p.name as provider, l.name as location, u.name as unit,
           exists (select 1 from pattern_digest_alerts da join pattern_digests d on d.id = da.digest_id
                    where da.alert_id = a.id and d.user_id = ${w.userId} and d.sent_at >= last.at) as mailed
      from last
      join pattern_alerts a on a.id = last.alert_id
      join provider_inspectors pi on pi.provider_id = a.provider_id and pi.user_id = ${w.userId}
      join providers p on p.id = a.provider_id
      left join locations l on l.id = a.location_id
      left join units u on u.id = a.unit_id
      left join themes t on t.code = a.theme
     order by p.name, p.id, last.at, a.id`.execute(db);
  return rows;
}

export interface Inspector {
  id: string;
  name: string;
  email: string;
}

/** Active inspectors assigned to at least one provider whose overview of `day` is not written yet. */
export async function waiting(db: Executor, day: string): Promise<Inspector[]> {
  const { rows } = await sql<Inspector>`
    select u.id, u.name, u.email from users u
     where u.active and 'inspecteur' = any(u.roles)
       and exists (select 1 from provider_inspectors pi where pi.user_id = u.id)
       and not exists (select 1 from daily_overviews d where d.user_id = u.id and d.day = ${day}::date)
     order by u.email`.execute(db);
  return rows;
}

export const written = (db: Executor, userId: string, day: string) =>
  db.selectFrom('daily_overviews').selectAll().where('user_id', '=', userId).where('day', '=', day).executeTakeFirst();
