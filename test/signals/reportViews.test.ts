import { parse } from 'csv-parse/sync';
import { chartBuckets, followUpChart, monthsIn, shareText, weekLabel, weeksIn } from '../../src/signals/reporting/reportChart';
import {
  csvPercent,
  figuresCsv,
  nowFigures,
  overdueConsultationsText,
  tallyRow,
  youngPersonSelfText,
} from '../../src/signals/reporting/reportViews';
import type { FollowUpFigures, Tally } from '../../src/signals/reporting/followUpReport';

// Issue 8 point 18: the follow-up chart and its numbers, read by people and by Dutch Excel.
const tally = (t: Partial<Tally>): Tally => {
  const full = { total: 0, met: 0, late: 0, breached: 0, unreachable: 0, open: 0, shareWithinNorm: null, ...t };
  const decided = full.met + full.late + full.breached;
  return { ...full, shareWithinNorm: decided === 0 ? null : Math.round((full.met / decided) * 1000) / 1000 };
};
const none = tally({});

test('week labels carry the year; every week of the period is there, across the turn of the year', () => {
  expect(weekLabel('2026-W47')).toBe('wk 47 2026');
  expect(weeksIn('2026-12-20', '2027-01-10')).toEqual(['2026-W51', '2026-W52', '2026-W53', '2027-W01']);
  expect(monthsIn('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
});

test('up to 26 weeks the chart shows weeks, empty ones included; beyond, months', () => {
  const weeks = chartBuckets({
    from: '2026-06-01',
    to: '2026-11-29',
    weeks: [{ week: '2026-W47', youth: tally({ total: 2, met: 2 }), others: none }],
    months: [],
  });
  expect(weeks.unit).toBe('week');
  expect(weeks.buckets).toHaveLength(26);
  expect(weeks.buckets.at(-1)).toMatchObject({ key: '2026-W48', label: 'wk 48 2026' });
  expect(weeks.buckets.at(-1)!.youth).toBeUndefined();
  expect(weeks.buckets.find((b) => b.key === '2026-W47')!.youth!.met).toBe(2);
  const twoYears = chartBuckets({
    from: '2024-12-01',
    to: '2026-11-30',
    weeks: [],
    months: [{ month: '2026-11', youth: tally({ total: 1, met: 1 }), others: none }],
  });
  expect(twoYears.unit).toBe('month');
  expect(twoYears.buckets).toHaveLength(24);
  expect(twoYears.buckets.map((b) => b.label).slice(0, 2)).toEqual(['dec 2024', 'jan 2025']);
  expect(twoYears.buckets.at(-1)).toMatchObject({ label: 'nov 2026', lines: ['nov', '2026'] });
});

test('the chart: counts beside shares, the target line, an empty week hatched and unlike a 0 % week', () => {
  const buckets = chartBuckets({
    from: '2026-11-02',
    to: '2026-11-22',
    weeks: [
      { week: '2026-W45', youth: tally({ total: 6, met: 5, late: 1 }), others: none },
      { week: '2026-W47', youth: tally({ total: 3, breached: 3 }), others: none },
    ],
    months: [],
  }).buckets;
  const { svg, height } = followUpChart(buckets, 90);
  expect(svg).toContain('>83%</text>');
  expect(svg).toContain('>5/6</text>');
  expect(svg).toContain('>0/3</text>');
  expect(svg).toContain('wk 46 2026: geen signalen');
  expect(svg.match(/fill="url\(#app-chart-geen\)"/g)).toHaveLength(1);
  // 0 % is a 2 px bar on the axis with its figure, not the hatched column of a week without signals.
  expect(svg).toMatch(/height="2" fill="#154273"><title>wk 47 2026: 0% binnen de norm \(0 van 3\)/);
  // The target at 90 %: 150 px plot from y=30, so y = 30 + 150 - 135 = 45.
  expect(svg).toContain('y1="45" y2="45" stroke="#a90061"');
  expect(svg).toContain('streefwaarde 90%');
  expect(svg).toContain('>wk 45</text>');
  expect(svg).toContain('>2026</text>');
  expect(height).toBe(238);
  expect(svg).not.toMatch(/style=|<script/);
});

test('shares in words: counts beside the share; no outcome says so', () => {
  expect(shareText(tally({ total: 7, met: 5, late: 1, open: 1 }))).toBe('83% (5 van 6; 1 nog open)');
  expect(shareText(undefined)).toBe('geen signalen');
  expect(shareText(tally({ total: 2, open: 2 }))).toBe('nog geen uitkomst (2 open)');
});

test('ten years of counts are written with Dutch thousands separators, in words and in the totals table', () => {
  expect(shareText(tally({ total: 123_456, met: 98_765, late: 12_000, open: 2_345 }))).toBe('89% (98.765 van 110.765; 2.345 nog open)');
  expect(nowFigures({ overdue: 12_345, dueToday: 1 }, '/signalen')[0]?.text).toBe('12.345 signalen');
  const row = tallyRow('Jeugdigen', tally({ total: 1_000_000, met: 900_000, breached: 100_000 }));
  expect(row).toMatchObject({ total: '1.000.000', met: '900.000', breached: '100.000', decided: '1.000.000', share: '90%' });
});

test('plurals and the links of the "Nu" figures', () => {
  expect(overdueConsultationsText(1)).toBe('1 afstemming over JeugdzorgPlus is te laat');
  expect(overdueConsultationsText(3)).toBe('3 afstemmingen over JeugdzorgPlus zijn te laat');
  expect(youngPersonSelfText(1)).toBe('1 jeugdige in deze periode');
  expect(nowFigures({ overdue: 1, dueToday: 0 }, '/signalen')).toEqual([
    { label: 'Te laat (zonder contact)', text: '1 signaal', href: '/signalen?due=overdue' },
    { label: 'Verloopt vandaag nog', text: '0 signalen', href: '/signalen?due=today' },
  ]);
});

test('the CSV is `;`-separated with the share as a percentage with a decimal comma, which Dutch Excel reads as a number', () => {
  const f = {
    from: '2026-11-01',
    to: '2026-11-30',
    youth: tally({ total: 7, met: 5, late: 1, open: 1 }),
    others: tally({ total: 3, met: 1, breached: 2 }),
    weeks: [{ week: '2026-W47', youth: tally({ total: 7, met: 5, late: 1, open: 1 }), others: tally({}) }],
    months: [],
  } as unknown as FollowUpFigures;
  const rows: string[][] = parse(figuresCsv(f), { delimiter: ';', bom: true });
  expect(rows[0]).toEqual([
    'periode',
    'groep',
    'totaal',
    'binnen norm',
    'te laat',
    'verlopen zonder contact',
    'onbereikbaar',
    'open',
    'aandeel binnen norm (%)',
  ]);
  expect(rows[1]).toEqual(['2026-11-01 t/m 2026-11-30', 'jeugdigen (48 uur)', '7', '5', '1', '0', '0', '1', '83,3']);
  expect(rows[2]![8]).toBe('33,3');
  expect(rows[4]![8]).toBe('');
  // Every numeric cell is an integer or a decimal-comma number: nothing Dutch Excel would misread.
  for (const row of rows.slice(1)) for (const cell of row.slice(2)) expect(cell).toMatch(/^(\d+(,\d)?)?$/);
  expect([csvPercent(1), csvPercent(0), csvPercent(0.5), csvPercent(null)]).toEqual(['100,0', '0,0', '50,0', '']);
});

// Issue 9 point 2: the chart stays readable for any period: beyond 36 months a bar per year,
// its figures the months added up; never hundreds of bars.
test('beyond 36 months the chart shows years, each the sum of its months with its share worked out again', () => {
  const since2000 = chartBuckets({
    from: '2000-01-01',
    to: '2026-11-23',
    weeks: [],
    months: [
      { month: '2025-03', youth: tally({ total: 4, met: 3, late: 1 }), others: none },
      { month: '2025-11', youth: tally({ total: 3, met: 1, breached: 1, open: 1 }), others: tally({ total: 1, met: 1 }) },
    ],
  });
  expect(since2000.unit).toBe('year');
  expect(since2000.buckets).toHaveLength(27);
  expect(since2000.buckets[0]).toMatchObject({ key: '2000', label: '2000' });
  expect(since2000.buckets[0]!.youth).toBeUndefined();
  const y2025 = since2000.buckets.find((b) => b.key === '2025')!;
  expect(y2025.youth).toEqual(tally({ total: 7, met: 4, late: 1, breached: 1, open: 1 }));
  expect(y2025.youth!.shareWithinNorm).toBe(0.667);
  expect(y2025.others).toEqual(tally({ total: 1, met: 1 }));
  // Three years are still months; ten years are eleven years (2016 to 2026), not 121 months.
  expect(chartBuckets({ from: '2023-12-01', to: '2026-11-30', weeks: [], months: [] }).buckets).toHaveLength(36);
  expect(chartBuckets({ from: '2016-11-23', to: '2026-11-23', weeks: [], months: [] }).buckets).toHaveLength(11);
  const { svg } = followUpChart(since2000.buckets, 90);
  expect(svg).toContain('2025: 67% binnen de norm (4 van 6)');
});
