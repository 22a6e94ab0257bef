import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { CompiledQuery } from 'kysely';
import type { Executor } from '../../src/db/connection';
import { urlFor } from './db';

// EXPLAIN in tests: a generated national history in a database of its own, and the nodes of a query's plan, so a
// test can fail on a sequential scan of a big table or check which index a query walks.

const run = promisify(execFile);

/** `npm run generate:load` into the (new) database `name`: 300 providers and 30,000 signals over ten years. */
export async function generateSet(name: string): Promise<void> {
  await run(
    process.execPath,
    ['--import', 'tsx', 'scripts/load/generateLoad.ts', '--providers', '300', '--signals', '30000', '--years', '10'],
    {
      cwd: path.join(__dirname, '..', '..'),
      env: { ...process.env, DATABASE_URL: urlFor(name), QUEUE_PREFIX: `jt-test-${name}`, LOG_LEVEL: 'silent' },
      timeout: 150_000,
    },
  );
}

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  /** Filled by EXPLAIN ANALYZE only. */
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** The plan of a compiled query (EXPLAIN, or EXPLAIN ANALYZE when the rows it really reads matter). */
export async function planOf(db: Pick<Executor, 'executeQuery'>, c: CompiledQuery, analyze = false): Promise<PlanNode> {
  const r = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>({
    ...c,
    sql: `explain (${analyze ? 'analyze, ' : ''}format json) ${c.sql}`,
  });
  return r.rows[0]!['QUERY PLAN'][0]!.Plan;
}

/** Every node of a plan, the root first. */
export const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/** The tables among `tables` that the plan reads by a sequential scan. */
export const seqScans = (p: PlanNode, tables: string[]) =>
  nodes(p)
    .filter((n) => n['Node Type'] === 'Seq Scan' && tables.includes(n['Relation Name']!))
    .map((n) => n['Relation Name']);

/** The indexes the plan walks. */
export const indexes = (p: PlanNode) => nodes(p).flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []));
