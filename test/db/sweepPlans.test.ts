import { randomBytes } from 'node:crypto';
import { sql, type Compilable } from 'kysely';
import { createDb, createPool, type Db } from '../../src/db/connection';
import * as sweep from '../../src/signals/followUp/sweepQueries';
import { overdueConsultationsQuery } from '../../src/signals/assessment/consultationList';
import { queueCountsQuery, queueQuery } from '../../src/signals/followUp/queueQuery';
import { matching, pageOf } from '../../src/signals/search/searchRepository';
import { DEFAULT_FILTER, type SignalFilter } from '../../src/signals/search/searchFilter';
import { dropTestDatabase, urlFor } from '../support/db';
import { generateSet, indexes, nodes, planOf, seqScans } from '../support/plans';

// Issue 9, point 5: every query the minute sweep, the work queue and the signal list run uses an index. Each is taken from the app's own
// builders and EXPLAINed against a generated ten-year history (30,000 signals, analysed), with realistic parameters.

const name = `jt_test_plans_${randomBytes(4).toString('hex')}`;
let db: Db;
let now: Date;

beforeAll(async () => {
  await generateSet(name);
  now = new Date();
  db = createDb(createPool(urlFor(name), 1));
  // What the generator leaves out, in realistic numbers, so the planner knows these rows exist: duplicates (2 %, of
  // another signal of the same provider), reporters' unseen messages, and consultations of the last month still open.
  await sql`update signals s set duplicate_of = (select o.id from signals o where o.provider_id = s.provider_id and o.id <> s.id limit 1)
    where s.provider_id is not null and s.id in (select id from signals tablesample bernoulli (2) repeatable (9))`.execute(db);
  await sql`update signals set reporter_message_at = received_at + interval '1 day'
    where closed_at is null and id in (select id from signals tablesample bernoulli (20) repeatable (9))`.execute(db);
  await sql`update consultations set outcome = null, outcome_at = null where created_at > ${now}::timestamptz - interval '30 days'`.execute(
    db,
  );
  await sql`analyze signals`.execute(db);
  await sql`analyze consultations`.execute(db);
}, 180_000);
afterAll(async () => {
  await db?.destroy();
  await dropTestDatabase(name);
});

const plan = (query: Compilable) => planOf(db, query.compile());

const cutoff = () => {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - 12);
  return d;
};

test('the sweep reads only what it may act on: no query scans the signals table, each uses its partial index', async () => {
  const key = await db.selectFrom('signals').select(['id', 'due_at']).where('due_at', '>', now).orderBy('due_at').executeTakeFirst();
  const original = await db
    .selectFrom('signals')
    .select(['id', 'closed_at'])
    .where('closed_at', 'is not', null)
    .where('duplicate_of', 'is', null)
    .orderBy('closed_at', 'desc')
    .executeTakeFirstOrThrow();
  const after = key && { dueAt: key.due_at.toISOString(), id: key.id };
  // Signals waiting for contact have two partial indexes (the report's one, migration 008, includes the columns).
  const waiting = ['signals_open_due', 'signals_waiting_due'];
  const queries: Array<[string, Compilable, string | string[]]> = [
    ['missed breaches', sweep.missedBreachesQuery(db, now), 'signals_breach_due'],
    [
      'missed breaches, next batch',
      sweep.missedBreachesQuery(db, now, { dueAt: cutoff().toISOString(), id: original.id }),
      'signals_breach_due',
    ],
    ['deadline jobs to put back', sweep.pendingDeadlinesQuery(db, now), waiting],
    ['deadline jobs, next batch', sweep.pendingDeadlinesQuery(db, now, after), waiting],
    ['retention', sweep.purgeDueQuery(db, cutoff()), 'signals_retention_due'],
    ["retention, an original's duplicates", sweep.duplicatesToPurgeQuery(db, original.id, original.closed_at!), 'signals_duplicate_of'],
    ['retention, duplicates left behind', sweep.unpurgedDuplicatesQuery(db, cutoff()), 'signals_duplicates_unpurged'],
  ];
  const found = [];
  for (const [what, query, index] of queries) {
    const p = await plan(query);
    // The expected index, or (to read in the failure) those the plan uses instead.
    found.push({ what, seqScans: seqScans(p, ['signals']), index: indexes(p).find((i) => [index].flat().includes(i)) ?? indexes(p) });
  }
  const oneOf = (index: string | string[]) => expect.stringMatching(new RegExp(`^(${[index].flat().join('|')})$`));
  expect(found).toEqual(queries.map(([what, , index]) => ({ what, seqScans: [], index: oneOf(index) })));
});

test('overdue consultations are found through the index of open ones, not by reading all consultations', async () => {
  const p = await plan(overdueConsultationsQuery(db, now));
  expect(seqScans(p, ['signals', 'consultations'])).toEqual([]);
  expect(indexes(p)).toContain('consultations_open_due');
});

test('the work queue and its counts, with and without filters, never scan the signals table', async () => {
  const provider = await db.selectFrom('providers').select('id').executeTakeFirstOrThrow();
  const filters = [{}, { assignee: 'niemand' }, { providerId: provider.id }, { reporterType: 'jeugdige', closedCare: true }];
  const found = [];
  for (const f of filters) {
    for (const [what, query] of [
      ['list', queueQuery(db, f, now)],
      ['list, page 3', queueQuery(db, f, now, { offset: 100, limit: 50 })],
      ['counts', queueCountsQuery(db, f, now)],
    ] as const)
      found.push({ filter: f, what, seqScans: seqScans(await plan(query), ['signals']) });
  }
  expect(found.filter((r) => r.seqScans.length > 0)).toEqual([]);
});

test("the sweep's batches, in (due_at, id) order, visit every signal once, also those due at the same instant", async () => {
  // A few breaches the jobs missed, and a few signals due at one instant on both sides of now.
  await sql`update signals set breached_at = null where id in (select id from signals where breached_at is not null
    and contacted_at is null and unreachable_at is null and duplicate_of is null limit 20)`.execute(db);
  for (const [op, instant] of [
    ['<=', new Date(now.getTime() - 3_600_000)],
    ['>', new Date(now.getTime() + 3_600_000)],
  ] as const)
    await sql`update signals set due_at = ${instant} where id in (select id from signals where contacted_at is null
      and unreachable_at is null and duplicate_of is null and due_at ${sql.raw(op)} ${now} and breached_at is null limit 5)`.execute(db);
  for (const query of [sweep.missedBreachesQuery, sweep.pendingDeadlinesQuery]) {
    const all = (await query(db, now, undefined, 10_000).execute()).map((r) => r.id);
    const batched: string[] = [];
    for (let key: sweep.DeadlineKey | undefined, first = true; first || key; first = false) {
      const batch = await query(db, now, key, 3).execute();
      batched.push(...batch.map((r) => r.id));
      key = sweep.nextKey(batch, 3);
    }
    expect(all.length).toBeGreaterThan(6);
    expect(batched).toEqual(all);
  }
});

test('the signal list: every sort walks an index for its page, and a word is found through the trigram index', async () => {
  const all = { kind: 'all' } as const;
  const today = now.toISOString().slice(0, 10);
  const sorts: Array<Partial<SignalFilter>> = [
    { sort: 'received', dir: 'desc' },
    { sort: 'due', dir: 'asc' },
    { sort: 'status', dir: 'asc' },
    { sort: 'reference', dir: 'desc' },
    { sort: 'provider', dir: 'asc' },
    { sort: 'provider', dir: 'desc' },
  ];
  const found = [];
  for (const s of sorts) {
    const f = { ...DEFAULT_FILTER, ...s };
    const p = await plan(pageOf(matching(db, f, all, now, today), f, { offset: 50, limit: 25 }));
    found.push({ ...s, seqScans: seqScans(p, ['signals']), sorts: nodes(p).filter((n) => n['Node Type'] === 'Sort').length });
  }
  expect(found).toEqual(sorts.map((s) => ({ ...s, seqScans: [], sorts: 0 })));
  // A word with a short one beside it ("Locatie 2"): the short one must not make PostgreSQL read every signal.
  for (const q of ['afzondering', 'afzondering 2']) {
    const word = { ...DEFAULT_FILTER, q };
    const count = await plan(matching(db, word, all, now, today).select((eb) => eb.fn.countAll().as('n')));
    expect({ q, seqScans: seqScans(count, ['signals']), trigram: indexes(count).includes('signals_summary_trgm') }).toEqual({
      q,
      seqScans: [],
      trigram: true,
    });
  }
});
