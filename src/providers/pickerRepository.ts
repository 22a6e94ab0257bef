import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../db/connection';

// Finding one provider by what people know of it, for the filters that used to hold a select of every provider.

const likeOf = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Providers where every word typed occurs in the provider's name, in the name or municipality of one of its
 * locations, or in the name of one of its groups; with up to four municipalities, to tell equal names apart.
 */
export function findProviders(db: Executor, q: string, limit: number) {
  const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 6).map(likeOf);
  let query = db
    .selectFrom('providers as p')
    .select([
      'p.id',
      'p.name',
      sql<string[]>`array(select distinct l.municipality from locations l where l.provider_id = p.id order by 1 limit 4)`.as(
        'municipalities',
      ),
    ]);
  for (const w of words) {
    query = query.where(sql<SqlBool>`(lower(p.name) like ${w}
      or exists (select 1 from locations l where l.provider_id = p.id and (lower(l.name) like ${w} or lower(l.municipality) like ${w}))
      or exists (select 1 from units u join locations l on l.id = u.location_id where l.provider_id = p.id and lower(u.name) like ${w}))`);
  }
  return query
    .orderBy(sql`lower(p.name)`)
    .orderBy('p.id')
    .limit(limit)
    .execute();
}
