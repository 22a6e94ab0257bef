import type { Express } from 'express';
import { createApp } from '../../src/app';
import { fixedClock } from '../../src/clock';
import { formatDateTime } from '../../src/web/format';
import { historyChart, historyRows } from '../../src/patterns/historyChart';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';
import { place, type Place } from './support';

// Issue 10 point 7: an alert's history as a chart (observed against expected and limit over time) with the history
// table as its text alternative, the table row for row what pattern_alert_history holds.
const NOW = new Date('2026-11-20T09:00:00Z');
const clock = fixedClock(NOW);
let ctx: TestContext;
let app: Express;
let here: Place;

const HOUR = 3_600_000;
const at = (daysBefore: number, hours = 0) => new Date(NOW.getTime() - daysBefore * 24 * HOUR + hours * HOUR);

/** An alert with its history rows, straight into the tables the patterns module keeps. */
async function alertWith(
  rule: 'rise' | 'cluster' | 'silence',
  rows: Array<{ at: Date; observed: number; expected?: number; limit?: number; items: number }>,
  decided?: Date,
) {
  const last = rows.at(-1)!;
  const a = await ctx.services.db
    .insertInto('pattern_alerts')
    .values({
      rule,
      provider_id: here.providerId,
      location_id: here.locationId,
      unit_id: here.units[0]!,
      explanation: 'Uitleg',
      observed: last.observed,
      expected: last.expected ?? null,
      upper_limit: last.limit ?? null,
      created_at: rows[0]!.at,
      updated_at: last.at,
      ...(decided ? { status: 'closed', decision: 'geen-actie', decision_reason: 'Bekend bij de aanbieder', decided_at: decided } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.services.db
    .insertInto('pattern_alert_history')
    .values(
      rows.map((r, i) => ({
        alert_id: a.id,
        at: r.at,
        kind: i === 0 ? 'created' : 'strengthened',
        observed: r.observed,
        expected: r.expected ?? null,
        upper_limit: r.limit ?? null,
        items: r.items,
        explanation: 'Uitleg',
      })),
    )
    .execute();
  return a.id;
}

const historyOf = (alertId: string) =>
  ctx.services.db.selectFrom('pattern_alert_history').selectAll().where('alert_id', '=', alertId).orderBy('at').orderBy('id').execute();

/** The rows of the page's history table (section "Verloop"), cell by cell. */
function tableRows(html: string): string[][] {
  const section = html.slice(html.indexOf('id="verloop"'), html.indexOf('</section>', html.indexOf('id="verloop"')));
  const body = section.slice(section.indexOf('<tbody'), section.indexOf('</tbody>'));
  return [...body.matchAll(/<tr class="utrecht-table__row">([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]!),
  );
}

beforeAll(async () => {
  ctx = await testServices({ clock });
  app = createApp(ctx.services, { loginRateLimit: 1000 });
  here = await place(ctx.services, 'De Horst');
});
afterAll(() => ctx.cleanup());

test('the alert page: the chart, and the history table row for row as the history rows say', async () => {
  const id = await alertWith('rise', [
    { at: at(20), observed: 4, expected: 0.6, limit: 3.12, items: 4 },
    { at: at(12, 3), observed: 5, expected: 0.64, limit: 3.2, items: 5 },
    { at: at(2), observed: 7, expected: 0.7, limit: 3.3, items: 7 },
  ]);
  await makeUser(ctx.services, ['inspecteur'], 'ines@igj.test');
  const page = await (await loginAs(app, 'ines@igj.test')).agent.get(`/patronen/${id}`);
  expect(page.status).toBe(200);
  const expected = (await historyOf(id)).map((h) => [
    formatDateTime(h.at),
    h.kind === 'created' ? 'Ontstaan' : 'Versterkt',
    String(Number(h.observed)),
    Number(h.expected).toFixed(1).replace('.', ','),
    Number(h.upper_limit).toFixed(1).replace('.', ','),
    String(h.items),
  ]);
  expect(tableRows(page.text)).toEqual(expected);
  expect(expected[0]).toEqual(['31 oktober 2026 om 10:00', 'Ontstaan', '4', '0,6', '3,1', '4']);
  expect(page.text).toMatch(/<svg class="app-chart" role="img" aria-labelledby="verloop-titel verloop-uitleg"/);
  expect(page.text).toContain('<title id="verloop-titel">Verloop van de waarschuwing: waargenomen tegen verwacht en grens</title>');
  for (const cls of ['app-chart__observed', 'app-chart__expected', 'app-chart__limit']) expect(page.text).toContain(`<path class="${cls}"`);
  expect(page.text).toContain('de laatste tot nu');
});

test('the chart: step lines to scale in time up to now, a dot and a value per change, the last figures named at the end', () => {
  const rows = [
    { at: at(20), kind: 'created', observed: '4', expected: '0.60', upper_limit: '3.12' },
    { at: at(10), kind: 'strengthened', observed: '4', expected: '0.64', upper_limit: '3.20' },
    { at: at(0), kind: 'strengthened', observed: '6', expected: '0.70', upper_limit: '3.30' },
  ];
  const { svg, width, height } = historyChart(rows, NOW)!;
  expect([width, height]).toEqual([640, 214]);
  // Time to scale: 20 days from x=36 to x=522; the middle moment halfway; the last value holds to the end.
  expect(svg).toMatch(/<path class="app-chart__observed" d="M36 [\d.]+H279V[\d.]+H522V[\d.]+H522"\/>/);
  expect(svg.match(/<circle class="app-chart__dot"/g)).toHaveLength(3);
  expect(svg).toContain(`<title>${formatDateTime(at(20))}: waargenomen 4</title>`);
  // A value where it changes: 4 at the start, 6 at the end; not the second 4.
  expect(svg.match(/<text class="app-chart__value"[^>]*>\d<\/text>/g)).toEqual([
    expect.stringContaining('>4<'),
    expect.stringContaining('>6<'),
  ]);
  for (const end of ['waargenomen 6', 'verwacht 0,7', 'grens 3,3']) expect(svg).toContain(`>${end}</text>`);
  expect(svg).toContain('>31 okt 2026</text>');
  expect(svg).toContain('>20 nov 2026</text>');
  expect(svg).not.toMatch(/style=|<script/);
  expect(svg.length).toBeLessThan(3_000);
});

test('a rule without expectation draws no dotted line; a closed alert ends at its decision; a long history keeps its line, not its dots', () => {
  const cluster = historyChart([{ at: at(3), kind: 'created', observed: 3, expected: null, upper_limit: 3 }], NOW)!.svg;
  expect(cluster).not.toContain('app-chart__expected');
  expect(cluster).toContain('>grens 3</text>');
  // Within two days the axis names the hours too.
  const decided = historyChart([{ at: at(1), kind: 'created', observed: 3, expected: null, upper_limit: 3 }], at(0, -2))!.svg;
  expect(decided).toContain('>20 nov 2026 08:00</text>');
  const many = Array.from({ length: 200 }, (_, i) => ({
    at: at(200 - i),
    kind: 'strengthened',
    observed: i + 1,
    expected: 1,
    upper_limit: 4,
  }));
  const long = historyChart(many, NOW)!.svg;
  expect(long).not.toContain('<circle');
  expect(long.length).toBeLessThan(14_000);
  expect(historyChart([], NOW)).toBeUndefined();
  expect(historyRows([{ at: at(1), kind: 'created', observed: '0', expected: '2.35', upper_limit: null, items: 0 }])).toEqual([
    { at: formatDateTime(at(1)), kind: 'Ontstaan', observed: '0', expected: '2,4', limit: '—', items: '0' },
  ]);
});

test('a closed alert’s chart says it ends at the decision', async () => {
  const id = await alertWith('cluster', [{ at: at(5), observed: 3, limit: 3, items: 3 }], at(1));
  await makeUser(ctx.services, ['manager'], 'mara@igj.test');
  const page = await (await loginAs(app, 'mara@igj.test')).agent.get(`/patronen/${id}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('de laatste tot het besluit');
  expect(page.text).toContain('>19 nov 2026</text>');
  expect(tableRows(page.text)).toEqual([[formatDateTime(at(5)), 'Ontstaan', '3', '—', '3', '3']]);
});
