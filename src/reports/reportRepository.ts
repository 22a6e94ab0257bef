import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../db/connection';
import type { MandatoryReportRow, NewMandatoryReportRow } from '../db/database';
import type { ReportFilter } from './reportFilter';

/** A report with the names of its place and of the people who registered and decided it. */
export type ReportWithNames = MandatoryReportRow & {
  provider_name: string;
  location_name: string | null;
  unit_name: string | null;
  registered_by_name: string | null;
  decided_by_name: string | null;
};

/** Who a list is for: everyone's reports, or those an inspector may read. */
export type ReportScope = { kind: 'all' } | { kind: 'inspector'; userId: string };

export async function nextReference(db: Executor, year: number): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('report_reference_seq')::text as n`.execute(db);
  return `M-${year}-${rows[0]!.n.padStart(6, '0')}`;
}

export const insert = (db: Executor, row: NewMandatoryReportRow): Promise<MandatoryReportRow> =>
  db.insertInto('mandatory_reports').values(row).returningAll().executeTakeFirstOrThrow();

export const findById = (db: Executor, id: string): Promise<ReportWithNames | undefined> =>
  db
    .selectFrom('mandatory_reports as r')
    .innerJoin('providers as p', 'p.id', 'r.provider_id')
    .leftJoin('locations as l', 'l.id', 'r.location_id')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .leftJoin('users as rb', 'rb.id', 'r.registered_by')
    .leftJoin('users as dec', 'dec.id', 'r.decided_by')
    .selectAll('r')
    .select(['p.name as provider_name', 'l.name as location_name', 'u.name as unit_name', 'rb.name as registered_by_name'])
    .select('dec.name as decided_by_name')
    .where('r.id', '=', id)
    .executeTakeFirst();

/** The report, locked until the transaction ends: two decisions at once are taken one after the other. */
export const lock = (trx: Executor, id: string): Promise<MandatoryReportRow | undefined> =>
  trx.selectFrom('mandatory_reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const updateDecision = (
  trx: Executor,
  id: string,
  d: Pick<MandatoryReportRow, 'decision' | 'decision_reasons' | 'decided_by' | 'decided_at' | 'updated_at'>,
): Promise<MandatoryReportRow> => trx.updateTable('mandatory_reports').set(d).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Whether the inspector is assigned to the provider (then they read its reports). */
export async function isInspectorOfProvider(db: Executor, userId: string, providerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('provider_inspectors')
    .select('user_id')
    .where('provider_id', '=', providerId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Boolean(row);
}

/** The reports an inspector reads: about the providers they are assigned to, and those they registered themselves. */
const readableByInspector = (userId: string) => sql<SqlBool>`(r.registered_by = ${userId}
  or exists (select 1 from provider_inspectors pi where pi.provider_id = r.provider_id and pi.user_id = ${userId}))`;

// Every sort ends on the reference, so a page never shows a row twice or skips one when values tie.
const ORDER: Record<ReportFilter['sort'], string> = {
  registered: 'r.registered_at',
  occurred: 'r.occurred_at',
  reported: 'r.reported_at',
  reference: 'r.reference',
  provider: 'p.name',
};

export interface ReportListRow {
  id: string;
  reference: string;
  kind: string;
  occurred_at: Date;
  reported_at: Date;
  registered_at: Date;
  due_at: Date;
  late: boolean;
  death: boolean;
  closed_care: boolean;
  decision: string | null;
  provider_name: string;
  location_name: string | null;
  unit_name: string | null;
}

/** Reports matching the filter within the scope: one page of them, and how many there are in all. */
export async function search(db: Executor, f: ReportFilter, scope: ReportScope, page: { offset: number; limit: number }) {
  let q = db
    .selectFrom('mandatory_reports as r')
    .innerJoin('providers as p', 'p.id', 'r.provider_id')
    .leftJoin('locations as l', 'l.id', 'r.location_id')
    .leftJoin('units as u', 'u.id', 'r.unit_id');
  if (scope.kind === 'inspector') q = q.where(readableByInspector(scope.userId));
  if (f.kind) q = q.where('r.kind', '=', f.kind);
  if (f.provider) q = q.where('r.provider_id', '=', f.provider);
  if (f.late === 'ja') q = q.where('r.late', '=', true);
  if (f.late === 'nee') q = q.where('r.late', '=', false);
  if (f.undecided) q = q.where('r.decision', 'is', null);

  const counted = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const dir = sql.raw(f.dir === 'asc' ? 'asc' : 'desc');
  const rows = await q
    .select([
      'r.id',
      'r.reference',
      'r.kind',
      'r.occurred_at',
      'r.reported_at',
      'r.registered_at',
      'r.due_at',
      'r.late',
      'r.death',
      'r.closed_care',
      'r.decision',
      'p.name as provider_name',
      'l.name as location_name',
      'u.name as unit_name',
    ])
    .orderBy(sql`${sql.raw(ORDER[f.sort] ?? ORDER.registered)} ${dir}`)
    .orderBy(sql`r.reference ${dir}`)
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  return { total: Number(counted.n), rows: rows as ReportListRow[] };
}
