import { sql } from 'kysely';
import type { Db } from '../../src/db/connection';
import { inBatches } from './progress';

export interface ReportPlan {
  reports: number;
  years: number;
  now: Date;
}

/**
 * Mandatory reports (meldingen) of the generated providers, set-based. Most signals assessed as "the provider should
 * have reported this" get their report (same provider and place, the event a little before the signal), so the
 * missing-report rule finds the rest and not every one; the others fall on the same skewed units as the signals, so
 * busy units carry both. About one in ten comes after its three working days. Three working days are taken as three
 * calendar days, five when a weekend falls in between (holidays are ignored: the generator makes history, the app's
 * own calendar decides real deadlines).
 */
export async function writeReports(db: Db, p: ReportPlan): Promise<number> {
  const themes = (await sql<{ code: string }>`select code from themes where active order by position`.execute(db)).rows.map((r) => r.code);
  const units = Number((await sql<{ c: string }>`select count(*) as c from load_units`.execute(db)).rows[0]!.c);
  const span = `${p.years * 365.25} days`;
  await sql`drop table if exists load_rep`.execute(db);
  // The matches first (at most 85 % of the meldplicht signals and never more than asked for), then the rest at random.
  await sql`create unlogged table load_rep as
    with m as (
      select s.provider_id, s.location_id, s.unit_id, s.received_at - interval '1 hour' * (2 + random() * 40) as occurred_at
      from signals s join signal_assessments a on a.signal_id = s.id
      where a.meldplicht and s.provider_id is not null and random() < 0.85
      limit ${p.reports}::int
    ), r as (
      -- Volatile random() in the select list of a row source, never in a join condition (evaluated per pair there).
      select u.provider_id, u.location_id, u.unit_id, g.occurred_at
      from (select floor(pow(random(), 2.2) * ${units})::int as i, ${p.now}::timestamptz - ${span}::interval * (1 - sqrt(random())) as occurred_at
            from generate_series(1, greatest(0, ${p.reports}::int - (select count(*) from m)::int))) g
      join load_units u on u.i = g.i
    )
    select row_number() over (order by occurred_at)::int as n, x.*, random() as rk, random() as rl, random() as rd, u.closed
    from (select * from m union all select * from r) x
    left join load_units u on u.unit_id = x.unit_id`.execute(db);
  await sql`create unique index on load_rep (n)`.execute(db);
  const total = Number((await sql<{ c: string }>`select count(*) as c from load_rep`.execute(db)).rows[0]!.c);
  await inBatches('Meldingen', total, 25_000, async (from, to) => {
    await sql`
      with r as (
        select l.*, l.occurred_at + case when extract(isodow from l.occurred_at at time zone 'Europe/Amsterdam') between 3 and 5
                                         then interval '5 days' else interval '3 days' end as due_at
        from load_rep l where l.n between ${from} and ${to}
      ), t as (
        select r.*, case when rl < 0.9 then occurred_at + (due_at - occurred_at) * (0.05 + rl * 0.9)
                         else due_at + interval '1 day' * (1 + (rl - 0.9) * 200) end as reported_at
        from r
      )
      insert into mandatory_reports (reference, kind, occurred_at, reported_at, registered_at, registered_by, registered_via, provider_id,
        location_id, unit_id, young_people_involved, death, closed_care, summary, description, themes, due_at, late, decision, decision_reasons,
        decided_at, updated_at)
      select format('M-%s-%s', extract(year from reported_at at time zone 'Europe/Amsterdam'), lpad(n::text, 6, '0')),
             case when rk < 0.6 then 'geweld' else 'calamiteit' end, occurred_at, least(reported_at, ${p.now}::timestamptz),
             least(reported_at + interval '2 hours', ${p.now}::timestamptz), null, 'load', provider_id, location_id, unit_id,
             1 + floor(rd * 3)::int, rd < 0.004, coalesce(closed, false),
             case when rk < 0.6 then 'Geweld op de groep' else 'Ernstig incident' end, 'Gegenereerde melding voor belastingproeven.',
             array[(${sql.val(themes)}::text[])[1 + n % ${themes.length}]], due_at, least(reported_at, ${p.now}::timestamptz) > due_at,
             case when reported_at > ${p.now}::timestamptz - interval '14 days' then null
                  when rd < 0.004 and coalesce(closed, false) then 'igj-onderzoek'
                  when rd < 0.15 then 'igj-onderzoek' when rd < 0.85 then 'zelf-onderzoek' else 'geen-actie' end,
             case when reported_at > ${p.now}::timestamptz - interval '14 days' then null else 'Afgewogen in het wekelijkse overleg' end,
             case when reported_at > ${p.now}::timestamptz - interval '14 days' then null else reported_at + interval '5 days' end,
             least(reported_at + interval '2 hours', ${p.now}::timestamptz)
      from t
      where occurred_at < ${p.now}::timestamptz`.execute(db);
  });
  await sql`select setval('report_reference_seq', greatest(1, (select coalesce(max(substring(reference from 8)::int), 1) from mandatory_reports)))`.execute(
    db,
  );
  return total;
}
