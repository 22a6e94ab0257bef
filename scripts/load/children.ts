import { sql } from 'kysely';
import type { Db } from '../../src/db/connection';
import { inBatches } from './progress';

const THEMES_PER_SIGNAL = 2;

/** Contact details, contact attempts, events, assessments and consultations of every generated signal. */
export async function writeChildren(db: Db, total: number): Promise<void> {
  const themes = (await sql<{ code: string }>`select code from themes where active order by position`.execute(db)).rows.map((r) => r.code);
  await inBatches('Contacten, beoordelingen', total, 25_000, async (from, to) => {
    const batch = sql`(select s.*, l.n, l.ra, l.outcome, l.youth from load_sig l join signals s on s.reference = l.reference where l.n between ${from} and ${to})`;
    await sql`insert into signal_contacts (signal_id, name, phone, email, preferred_moments)
      select id, case when n % 3 = 0 then 'Melder ' || n end, case when n % 2 = 0 then '06 ' || lpad((n % 100000000)::text, 8, '0') end,
             case when n % 2 = 1 then 'melder' || n || '@voorbeeld.test' end, null
      from ${batch} b where not anonymous and contact_removed_at is null`.execute(db);
    // A late contact had a failed try first; a reached one its successful attempt.
    await sql`insert into contact_attempts (signal_id, at, channel, by_user_id, by_label, successful, note, structural_unsafety, boundary_crossing, within_norm, created_at)
      select id, due_at - interval '6 hours', 'telefoon', assignee_id, 'Meldpunt', false, null, null, null, null, due_at - interval '6 hours'
      from ${batch} b where outcome in ('late', 'unreachable', 'breached') and assignee_id is not null
      union all
      select id, contacted_at, case when anonymous then 'volgpagina' else 'telefoon' end, contacted_by, 'Meldpunt', true, null,
             case when youth then (array['nee','nee','ja'])[1 + n % 3] end, case when youth then (array['nee','ja','nee','nee'])[1 + n % 4] end,
             contacted_at <= due_at, contacted_at
      from ${batch} b where contacted_at is not null`.execute(db);
    await sql`insert into signal_events (signal_id, at, kind, by_label, data)
      select id, registered_at, 'registered', 'Meldpunt', jsonb_build_object('channel', channel, 'reporterType', reporter_type, 'dueAt', due_at) from ${batch} b
      union all select id, contacted_at, 'contact', 'Meldpunt', jsonb_build_object('withinNorm', contacted_at <= due_at) from ${batch} b where contacted_at is not null
      union all select id, breached_at, 'breach', 'Systeem', '{}'::jsonb from ${batch} b where breached_at is not null
      union all select id, closed_at, 'status', 'Meldpunt', '{"to":"afgesloten"}'::jsonb from ${batch} b where closed_at is not null`.execute(
      db,
    );
    await sql`insert into signal_assessments (signal_id, possible_misstand, serious_threat, meldplicht, concerns_jzp, themes, advice, referrals, assessed_by, assessed_at)
      select id, ra < 0.4, ra < 0.03, ra < 0.06, concerns_closed_care,
             array(select (${sql.val(themes)}::text[])[1 + ((n * 7 + k * 3) % ${themes.length})] from generate_series(1, 1 + n % ${THEMES_PER_SIGNAL}) k),
             null, '{}', assignee_id, coalesce(contacted_at, unreachable_at, due_at) + interval '4 hours'
      from ${batch} b where closed_at is not null and n % 7 <> 0`.execute(db);
    await sql`insert into consultations (signal_id, provider_id, created_at, due_at, outcome, outcome_by, outcome_at)
      select b.id, b.provider_id, a.assessed_at, a.assessed_at + interval '5 days',
             case when b.closed_at is not null then 'Besproken in het teamoverleg' end, null, case when b.closed_at is not null then a.assessed_at + interval '2 days' end
      from ${batch} b join signal_assessments a on a.signal_id = b.id where b.concerns_closed_care and b.provider_id is not null`.execute(
      db,
    );
  });
}
