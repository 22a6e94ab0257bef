import { sql } from 'kysely';
import type { Db } from '../../src/db/connection';
import { hashPassword } from '../../src/auth/password';
import { inBatches } from './progress';

// The country's shape: most providers small, a few large; closed care rare but present in every region.
const MUNICIPALITIES = [
  'Amsterdam',
  'Rotterdam',
  'Utrecht',
  'Den Haag',
  'Eindhoven',
  'Groningen',
  'Tilburg',
  'Almere',
  'Breda',
  'Nijmegen',
  'Apeldoorn',
  'Haarlem',
  'Arnhem',
  'Enschede',
  'Amersfoort',
  'Zwolle',
  'Leeuwarden',
  'Maastricht',
  'Dordrecht',
  'Leiden',
  'Emmen',
  'Deventer',
  'Helmond',
  'Hilversum',
  'Heerlen',
  'Assen',
  'Middelburg',
  'Lelystad',
  'Alkmaar',
  'Venlo',
];
const REGIONS = ['Noord', 'Oost', 'Zuid', 'West', 'Midden'];
const PREFIXES = [
  'Stichting Jeugdzorg',
  'Horizon',
  'Kompaszorg',
  'De Rading',
  'Levvel',
  'Pluryn',
  'Jeugdhulp',
  'Het Poortje',
  'Lindenhout',
  'Xonar',
];
const GROUPS = ['De Linde', 'Het Anker', 'De Haven', 'Zonnebloem', 'De Brug', 'Kompas', 'Horizon', 'De Eik'];
// care type, weight: a unit's care type is drawn with these weights. ZIKOS is rare enough to be placed, not drawn:
// the first group of every thousandth provider (from the 20th).
const CARE = [
  ['ambulant', 30],
  ['kleinschalig', 20],
  ['open-residentieel', 18],
  ['gezinshuis', 15],
  ['ggz-klinisch', 7],
  ['jeugdzorgplus', 6],
  ['overig', 3],
] as const;

export const DEMO_LOAD_PASSWORD = 'load-jeugdtoezicht-2026';

export async function users(db: Db): Promise<void> {
  const hash = await hashPassword(DEMO_LOAD_PASSWORD);
  // 40 meldpunt staff, 160 inspectors, 10 managers, 3 beheerders: the size of the real teams, give or take.
  await sql`
    insert into users (email, name, password_hash, roles, team)
    select format('%s%s@load.igj.test', r.role, g), format('%s %s', initcap(r.role), g), ${hash}, array[r.role], r.team
    from (values ('meldpunt', 40, 'LMZ'), ('inspecteur', 160, 'Jeugd'), ('manager', 10, 'LMZ'), ('beheerder', 3, null)) as r(role, n, team)
    cross join lateral generate_series(1, r.n) g
    on conflict do nothing`.execute(db);
}

export async function providers(db: Db, count: number): Promise<void> {
  const careCase = `case ${CARE.reduce<{ at: number; parts: string[] }>((acc, [type, w]) => ({ at: acc.at + w, parts: [...acc.parts, `when pick < ${acc.at + w} then '${type}'`] }), { at: 0, parts: [] }).parts.join(' ')} else 'overig' end`;
  const total = CARE.reduce((n, [, w]) => n + w, 0);
  await inBatches('Aanbieders, locaties, groepen', count, 1000, async (from, to) => {
    // Volatile random() sits in the select list of a row source, never in an uncorrelated subquery (which runs once).
    await sql`
      with p as (
        insert into providers (name, kvk_number, type)
        select format('%s %s %s', (${sql.val(PREFIXES)}::text[])[1 + g % ${PREFIXES.length}], (${sql.val(MUNICIPALITIES)}::text[])[1 + (g / 7) % ${MUNICIPALITIES.length}], g),
               lpad(g::text, 8, '0'), case when g % 25 = 0 then 'gecertificeerde-instelling' else 'jeugdhulpaanbieder' end
        from generate_series(${from}::int, ${to}::int) g
        returning id, kvk_number::int as n
      ), l as (
        insert into locations (provider_id, name, address, municipality, region)
        select p.id, format('Locatie %s', k), format('Dorpsstraat %s', k),
               (${sql.val(MUNICIPALITIES)}::text[])[1 + (p.n * 7 + k) % ${MUNICIPALITIES.length}], (${sql.val(REGIONS)}::text[])[1 + (p.n + k) % ${REGIONS.length}]
        from (select p.*, 1 + floor(pow(random(), 3) * 4)::int as size from p) p cross join lateral generate_series(1, p.size) k
        returning id, provider_id
      ), u as (
        select l.id as location_id, k, random() * ${total} as pick, random() as r, p.n,
               row_number() over (partition by l.provider_id order by l.id, k) as nth
        from (select l.*, 1 + floor(random() * 3)::int as size from l) l cross join lateral generate_series(1, l.size) k
        join p on p.id = l.provider_id
      )
      insert into units (location_id, name, care_type, places)
      select location_id, format('%s %s', (${sql.val(GROUPS)}::text[])[1 + (k + abs(hashtext(location_id::text))) % ${GROUPS.length}], k), care_type,
             case when care_type in ('jeugdzorgplus', 'zikos') then 6 + floor(r * 10)::int when care_type = 'ambulant' then 0 else 3 + floor(r * 12)::int end
      from (select u.*, case when nth = 1 and n % 1000 = 20 then 'zikos' else ${sql.raw(careCase)} end as care_type from u) x`.execute(db);
  });
  // Every provider has one or two inspectors; closed care always two.
  await sql`
    insert into provider_inspectors (provider_id, user_id)
    select p.id, u.id from (select id, row_number() over (order by id) n from providers) p
    join (select id, row_number() over (order by email) - 1 as i from users where 'inspecteur' = any(roles)) u
      on u.i in (p.n % 160, (p.n * 7 + 3) % 160)
    on conflict do nothing`.execute(db);
}
