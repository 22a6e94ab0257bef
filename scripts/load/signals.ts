import { sql } from 'kysely';
import type { Db } from '../../src/db/connection';
import { inBatches } from './progress';

export interface SignalPlan {
  signals: number;
  years: number;
  now: Date;
  retentionMonths: number;
}

// Shares seen at the Landelijk Meldpunt, rounded: who reports and how.
const REPORTERS = [
  ['jeugdige', 30],
  ['oud-bewoner', 5],
  ['ouder', 25],
  ['naaste', 10],
  ['professional', 15],
  ['anoniem', 10],
  ['overig', 5],
] as const;
const CHANNELS = [
  ['formulier', 35],
  ['telefoon', 25],
  ['email', 20],
  ['brief', 3],
  ['campagne', 5],
  ['jeugdstem', 7],
  ['organisatie', 5],
] as const;
const SUMMARIES = [
  'Afzondering zonder uitleg',
  'Fixatie tijdens onrust op de groep',
  'Geen bezoek van ouders toegestaan',
  'Kamerprogramma van een week',
  'Vernederende opmerkingen van begeleiders',
  'Geweld tussen jongeren op de groep',
  'Telefoon ingenomen als straf',
  'Te weinig personeel in het weekend',
  'Geen behandelplan besproken',
  'Zorgen over medicatie',
  'Ontslag zonder vervolgplek',
  'Klacht niet in behandeling genomen',
];

/** A weighted draw as SQL: `case when r < 30 then 'a' when r < 35 then 'b' … end`, r uniform in [0, total). */
function weighted(r: string, table: ReadonlyArray<readonly [string, number]>): string {
  let at = 0;
  return `case ${table.map(([v, w]) => `when ${r} < ${(at += w)} then '${v}'`).join(' ')} else '${table[0]![0]}' end`;
}
const totalOf = (t: ReadonlyArray<readonly [string, number]>) => t.reduce((n, [, w]) => n + w, 0);

/**
 * Draws every signal's facts once into a temporary table, in SQL, then writes signals and their children from it in
 * batches. Five working days are taken as seven calendar days here: the generator makes history, it does not decide
 * deadlines (the app's own calendar does that for every real signal).
 */
export async function plan(db: Db, p: SignalPlan): Promise<void> {
  await sql`drop table if exists load_units, load_staff, load_sig`.execute(db);
  await sql`create unlogged table load_units as
    select (row_number() over (order by u.id) - 1)::int as i, u.id as unit_id, l.id as location_id, l.provider_id, u.care_type in ('jeugdzorgplus', 'zikos') as closed
    from units u join locations l on l.id = u.location_id`.execute(db);
  await sql`create unique index on load_units (i)`.execute(db);
  await sql`create unlogged table load_staff as select (row_number() over (order by id) - 1)::int as i, id, name from users where 'meldpunt' = any(roles)`.execute(
    db,
  );
  const span = `${p.years * 365.25} days`;
  // sqrt(random()) puts more signals in recent years: the meldpunt grows.
  await sql`create unlogged table load_sig as
    with d as (
      select g as n, ${p.now}::timestamptz - ${span}::interval * (1 - sqrt(random())) as received_at,
             random() * ${totalOf(REPORTERS)} as rr, random() * ${totalOf(CHANNELS)} as rc, random() as rp, random() as ro, random() as ra, random() as rx,
             pow(random(), 2.2) as ru
      from generate_series(1, ${p.signals}::int) g
    ), e as (
      select d.*, ${sql.raw(weighted('rr', REPORTERS))} as reporter_type, ${sql.raw(weighted('rc', CHANNELS))} as channel from d
    )
    select e.*, (e.reporter_type in ('jeugdige', 'oud-bewoner')) as youth,
           case when e.received_at > ${p.now}::timestamptz - interval '2 days' or (e.received_at > ${p.now}::timestamptz - interval '60 days' and ro < 0.3) or ro < 0.002 then 'open'
                when ro < 0.90 then 'met' when ro < 0.95 then 'late' when ro < 0.98 then 'unreachable'
                -- Past its deadline without contact is work still waiting (the app closes a signal only after contact or
                -- unreachable); older ones were reached late in the end.
                when e.received_at > ${p.now}::timestamptz - interval '60 days' then 'breached' else 'late' end as outcome,
           format('S-%s-%s', extract(year from e.received_at at time zone 'Europe/Amsterdam'),
                  lpad((row_number() over (partition by extract(year from e.received_at at time zone 'Europe/Amsterdam') order by e.received_at))::text, 6, '0')) as reference
    from e`.execute(db);
  await sql`create unique index on load_sig (n)`.execute(db);
  await sql`analyze load_units`.execute(db);
  await sql`analyze load_sig`.execute(db);
}

export async function write(db: Db, p: SignalPlan): Promise<void> {
  const norms = await sql<{
    id: string;
    label: string;
    unit: string;
  }>`select id, label, unit from follow_up_norms where retired_at is null`.execute(db);
  const youth = norms.rows.find((n) => n.unit === 'hours')!;
  const other = norms.rows.find((n) => n.unit === 'working-days')!;
  const units = Number((await sql<{ c: string }>`select count(*) as c from load_units`.execute(db)).rows[0]!.c);
  const staff = Number((await sql<{ c: string }>`select count(*) as c from load_staff`.execute(db)).rows[0]!.c);
  const removeBefore = new Date(p.now.getTime() - p.retentionMonths * 30.44 * 86_400_000);
  await inBatches('Signalen', p.signals, 25_000, async (from, to) => {
    await sql`
      with s as (
        select l.*, u.unit_id, u.location_id, u.provider_id, u.closed, st.id as staff_id,
               l.received_at + case when l.youth then interval '48 hours' else interval '7 days' end as due_at,
               l.received_at + interval '3 minutes' * (1 + l.rx * 20) as registered_at
        from load_sig l
        join load_units u on u.i = floor(l.ru * ${units})::int
        join load_staff st on st.i = l.n % ${staff}
        where l.n between ${from} and ${to}
      ), t as (
        select s.*,
          case outcome when 'met' then received_at + (due_at - received_at) * (0.05 + 0.9 * ra)
                       when 'late' then due_at + interval '1 hour' * (1 + ra * 72) end as contacted_at,
          case when outcome = 'unreachable' then received_at + (due_at - received_at) * 0.9 end as unreachable_at
        from s
      ), v as (
        select t.*, case when outcome in ('open', 'breached') then null else coalesce(contacted_at, unreachable_at, due_at) + interval '1 day' * (1 + ra * 20) end as closed_at
        from t
      )
      insert into signals (reference, received_at, registered_at, registered_by, channel, reporter_type, young_person_self, anonymous, consent_share,
        receipt_hash, provider_id, location_id, unit_id, provider_text, concerns_closed_care, summary, description, since_when, safe_now, status,
        assignee_id, norm_id, norm_label, due_at, contacted_at, contacted_by, breached_at, unreachable_reason, unreachable_requested_by,
        unreachable_requested_at, unreachable_confirmed_by, unreachable_at, closed_at, contact_removed_at, urgent_at, updated_at)
      select reference, received_at, registered_at, case when channel = 'formulier' then null else staff_id end, channel, reporter_type,
        youth and channel not in ('jeugdstem', 'organisatie'), reporter_type = 'anoniem' or (youth and rp < 0.15),
        rp > 0.6, case when reporter_type = 'anoniem' or (youth and rp < 0.15) then md5('load-receipt-' || n) end,
        case when rp < 0.95 then provider_id end, case when rp < 0.85 then location_id end, case when rp < 0.85 then unit_id end,
        case when rp >= 0.95 then 'Onbekende instelling, ergens in ' || (array['Utrecht','Zwolle','Breda','Assen'])[1 + n % 4] end,
        closed and rp < 0.95, (${sql.val(SUMMARIES)}::text[])[1 + n % ${SUMMARIES.length}], 'Gegenereerd signaal voor belastingproeven.', null,
        case when youth then (array['ja','ja','ja','weet-niet','nee'])[1 + n % 5] end,
        case when outcome = 'open' then (case when n % 3 = 0 then 'nieuw' else 'in-behandeling' end) when outcome = 'breached' then 'in-behandeling' else 'afgesloten' end,
        case when outcome = 'open' and n % 3 = 0 then null else staff_id end,
        case when youth then ${youth.id}::uuid else ${other.id}::uuid end, case when youth then ${youth.label} else ${other.label} end,
        due_at, contacted_at, case when contacted_at is not null then staff_id end,
        case when outcome in ('late', 'breached', 'unreachable') and coalesce(contacted_at, unreachable_at, ${p.now}::timestamptz) > due_at then due_at
             when outcome = 'open' and due_at < ${p.now}::timestamptz then due_at end,
        case when outcome = 'unreachable' then 'Drie keer gebeld en gemaild, geen reactie' end,
        case when outcome = 'unreachable' then staff_id end, case when outcome = 'unreachable' then unreachable_at - interval '1 hour' end,
        case when outcome = 'unreachable' then staff_id end, unreachable_at, closed_at,
        case when closed_at < ${removeBefore}::timestamptz then closed_at + interval '${sql.raw(String(p.retentionMonths))} months' end,
        case when youth and n % 5 = 4 then received_at end, coalesce(closed_at, registered_at)
      from v`.execute(db);
  });
}
