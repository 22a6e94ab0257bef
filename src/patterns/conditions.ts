import { sql, type RawBuilder, type SqlBool } from 'kysely';

// Conditions on an alert aliased `a`, shared by the alert list (WHERE) and the home page counts (FILTER), so a count
// and the list its link opens never disagree.

export const openAlert = (): RawBuilder<SqlBool> => sql<SqlBool>`(a.status = 'open')`;

/** Alerts about a provider the inspector is assigned to: theirs to decide on. */
export const alertOfInspector = (userId: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`exists (select 1 from provider_inspectors pi where pi.provider_id = a.provider_id and pi.user_id = ${userId})`;
