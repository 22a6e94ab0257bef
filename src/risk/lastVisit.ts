import { sql, type RawBuilder } from 'kysely';

/**
 * EXTENSION POINT for the inspections issue: "laatste bezoek", the last inspection visit of a provider (or of a group's
 * provider). There are no inspections in this system yet, so every row says "nog geen inspecties" and the score gives no
 * points for it (score.ts). When inspections exist:
 *   1. return here a correlated subquery on the row's provider, e.g.
 *      sql`(select max(v.visited_on) from inspection_visits v where v.provider_id = ${sql.ref(providerId)})`,
 *      with an index on (provider_id, visited_on) so the page stays one query;
 *   2. add a weight for time since the last visit in score.ts WEIGHTS and its term in riskQuery.ts scoreSql;
 *   3. let lastVisitText say "12 maart 2026 (8 maanden geleden)".
 * `providerId` is the column that holds the row's provider id, e.g. 'p.id'.
 */
export const lastVisitSql = (providerId: string): RawBuilder<string | null> => {
  void providerId;
  return sql<string | null>`null::date`;
};

export const NO_INSPECTIONS = 'nog geen inspecties';

/** What the column "Laatste bezoek" says. */
export const lastVisitText = (day: string | null): string => day ?? NO_INSPECTIONS;
