import { sql } from 'kysely';
import { createDb, createPool } from '../../src/db/connection';
import * as migration from '../../src/db/migrations/2026-11-23_016_risk';
import { testServices, type TestContext } from '../support/testServices';
import { provider, signals, type Unit } from './support';

// Migration 016: risk_signals holds one narrow row per counted signal (not a duplicate, about a provider), kept by
// triggers in the transaction that writes the signal, whatever writes it; the migration fills it from what exists.

let ctx: TestContext;
let a: Unit;
let b: Unit;
const NOW = new Date('2026-11-20T12:00:00Z');

beforeAll(async () => {
  ctx = await testServices();
  const p = await provider(ctx.services, 'Aanbieder T', [
    { name: 'Groep A', careType: 'jeugdzorgplus', places: 8 },
    { name: 'Groep B', careType: 'kleinschalig', places: 4 },
  ]);
  [a, b] = p.units as [Unit, Unit];
});
afterAll(() => ctx.cleanup());

const rowOf = (id: string) => ctx.services.db.selectFrom('risk_signals').selectAll().where('signal_id', '=', id).executeTakeFirst();
const counted = async () =>
  (await ctx.services.db.selectFrom('risk_signals').select('signal_id').orderBy('signal_id').execute()).map((r) => r.signal_id);
const expectedIds = async () =>
  (
    await ctx.services.db
      .selectFrom('signals')
      .select('id')
      .where('duplicate_of', 'is', null)
      .where('provider_id', 'is not', null)
      .orderBy('id')
      .execute()
  ).map((r) => r.id);

test('a new signal gets its row; a change of place moves it; a duplicate leaves and comes back; a delete removes it', async () => {
  const db = ctx.services.db;
  const [first, second] = await signals(ctx.services, a, [NOW, new Date(NOW.getTime() - 3_600_000)]);
  expect(await rowOf(first!)).toEqual({
    signal_id: first,
    received_at: NOW,
    provider_id: a.providerId,
    location_id: a.locationId,
    unit_id: a.id,
  });

  await db.updateTable('signals').set({ unit_id: b.id }).where('id', '=', first!).execute();
  expect((await rowOf(first!))?.unit_id).toBe(b.id);
  // A change the overview does not count leaves the row as it is.
  await db.updateTable('signals').set({ status: 'in-behandeling' }).where('id', '=', first!).execute();
  expect((await rowOf(first!))?.unit_id).toBe(b.id);

  await db.updateTable('signals').set({ duplicate_of: second! }).where('id', '=', first!).execute();
  expect(await rowOf(first!)).toBeUndefined();
  await db.updateTable('signals').set({ duplicate_of: null }).where('id', '=', first!).execute();
  expect((await rowOf(first!))?.unit_id).toBe(b.id);

  // A signal about no provider in the register is not counted until one is chosen.
  await db
    .updateTable('signals')
    .set({ provider_id: null, location_id: null, unit_id: null, provider_text: 'Onbekend' })
    .where('id', '=', second!)
    .execute();
  expect(await rowOf(second!)).toBeUndefined();
  await db
    .updateTable('signals')
    .set({ provider_id: a.providerId, location_id: a.locationId, unit_id: a.id })
    .where('id', '=', second!)
    .execute();
  expect((await rowOf(second!))?.provider_id).toBe(a.providerId);

  await db.deleteFrom('signals').where('id', '=', first!).execute();
  expect(await rowOf(first!)).toBeUndefined();
  expect(await counted()).toEqual(await expectedIds());
});

test('a bulk insert (the load generator) counts every row in one statement', async () => {
  const dates = Array.from({ length: 400 }, (_, i) => new Date(NOW.getTime() - i * 3_600_000));
  await signals(ctx.services, b, dates);
  expect(await counted()).toEqual(await expectedIds());
});

test('the migration fills the table from the signals that exist, and leaves duplicates out', async () => {
  const [dup] = await signals(ctx.services, a, [NOW]);
  const [original] = await signals(ctx.services, a, [NOW]);
  await ctx.services.db.updateTable('signals').set({ duplicate_of: original! }).where('id', '=', dup!).execute();
  // As the owner: down and up again, as on a database that had signals before migration 016.
  const owner = createDb(createPool(ctx.databaseUrl, 1));
  try {
    await owner.transaction().execute(async (trx) => {
      await migration.down(trx);
      await migration.up(trx);
    });
    await sql`grant select, insert, update, delete on risk_signals to ${sql.id(new URL(ctx.config.appDatabaseUrl).username)}`.execute(
      owner,
    );
  } finally {
    await owner.destroy();
  }
  const ids = await counted();
  expect(ids).toEqual(await expectedIds());
  expect(ids).not.toContain(dup);
  expect(ids.length).toBeGreaterThan(400);
});
