import { poissonUpperLimit } from '../../src/patterns/statistics';
import { flaggedCells, funnelOf, limitsFor, type Cell } from '../../src/risk/funnel';
import { MAX_POINTS, axisScale, funnelChart } from '../../src/risk/funnelChart';

// Issue 10, point 7: the funnel's exact Poisson limits (those of the rise rule, src/patterns/statistics.ts), what they
// flag and what they leave alone, and a drawing that stays small on thousands of groups.

const cell = (places: number, n: number, units = 1, id = `${places}-${n}`): Cell => ({ places, n, units, ids: [id] });
// A hundred groups of 10 places with one signal each: about 0.1 signals per place.
const crowd = cell(10, 1, 100, 'crowd');

test('the limits are the quantiles of Poisson(places × rate) from the rise rule’s statistics, not a copy', () => {
  const l = limitsFor(10, 0.1);
  expect(l.expected).toBeCloseTo(1, 10);
  expect(l.upper998).toBe(poissonUpperLimit(1, 0.999));
  expect(l.upper95).toBe(poissonUpperLimit(1, 0.975));
  expect(l.lower95).toBe(poissonUpperLimit(1, 0.025));
  expect(l.upper998).toBeGreaterThan(4.5);
  expect(l.upper998).toBeLessThan(5.5);
  // Lower limits below upper ones; with a small expectation the lower limit is 0.
  const wide = limitsFor(100, 0.1);
  expect(wide.lower998).toBeLessThan(wide.lower95);
  expect(wide.lower95).toBeGreaterThan(0);
  expect(limitsFor(2, 0.1).lower95).toBe(0);
});

test('a group far above its 99.8 % limit is flagged; one extra signal on a small group is not', () => {
  const f = funnelOf([crowd, cell(10, 9, 1, 'busy'), cell(2, 1, 1, 'small'), cell(10, 4, 1, 'raised')]);
  expect(f.rate).toBeCloseTo(114 / 1022, 10);
  const level = (id: string) => f.cells.find((c) => c.ids[0] === id)!.level;
  expect(level('busy')).toBe('above998');
  // Expected 0.2 on 2 places, observed 1: not flagged (at most in the 95 % band, drawn but not named).
  expect(level('small')).not.toBe('above998');
  // Even two signals on 2 places stay within the 99.8 % limit.
  expect(funnelOf([crowd, cell(2, 2, 1, 'small2')]).cells.find((c) => c.ids[0] === 'small2')!.level).not.toBe('above998');
  expect(level('raised')).toBe('above95');
  expect(level('crowd')).toBe('within');
  // Flagged (and named beside the chart): above the 99.8 % limit only, as the rise rule judges.
  expect(flaggedCells(f).map((c) => c.ids[0])).toEqual(['busy']);
});

test('groups without places stay out of the funnel; an empty care type has rate 0', () => {
  const f = funnelOf([cell(0, 5, 3), crowd]);
  expect(f.groups).toBe(100);
  expect(f.cells).toHaveLength(1);
  expect(funnelOf([]).rate).toBe(0);
});

test('the axis reaches a round number, also below one', () => {
  expect(axisScale(0.37)).toEqual({ top: 0.4, ticks: [0, 0.1, 0.2, 0.3, 0.4] });
  expect(axisScale(8)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
  expect(axisScale(13)).toEqual({ top: 15, ticks: [0, 5, 10, 15] });
});

test('thousands of scattered groups: points merged, the SVG under 100 kB, no style attributes', () => {
  const cells: Cell[] = [];
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let places = 1; places <= 120; places++)
    for (let n = 0; n < 60; n++) if (random() < 0.7) cells.push(cell(places, n, 1 + Math.floor(random() * 5)));
  expect(cells.length).toBeGreaterThan(4000);
  const chart = funnelChart(funnelOf(cells), { places: 12, n: 30, name: 'Groep <b>' });
  expect(chart.merged).toBe(true);
  expect(Buffer.byteLength(chart.svg)).toBeLessThan(100_000);
  expect((chart.svg.match(/<(circle|rect) class="app-funnel__point/g) ?? []).length).toBeLessThanOrEqual(MAX_POINTS);
  expect(chart.svg).not.toMatch(/style=/);
  expect(chart.svg).toContain('Groep &lt;b&gt;');
  // A handful of groups: every cell its own point, nothing merged.
  const small = funnelChart(funnelOf([crowd, cell(10, 9), cell(2, 1)]));
  expect(small.merged).toBe(false);
  expect((small.svg.match(/class="app-funnel__point/g) ?? []).length).toBe(3);
  expect(small.svg).toContain('app-funnel__point--998');
});
