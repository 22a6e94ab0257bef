import type { FollowUpFigures, Tally } from './followUpReport';

export const percent = (share: number | null): string => (share === null ? '—' : `${Math.round(share * 100)}%`);

/** `decided` is the denominator of the share: met + late + breached (open and unreachable are apart). */
export const tallyRow = (label: string, t: Tally) => ({ label, ...t, decided: t.met + t.late + t.breached, share: percent(t.shareWithinNorm) });

/**
 * A bar per week: the share of youth signals contacted within 48 hours. Plain SVG, drawn on the server, with a
 * title and a description, and the same numbers in the table beside it.
 */
export function weeklyChart(weeks: FollowUpFigures['weeks']): { svg: string; width: number; height: number } {
  const barWidth = 28;
  const gap = 8;
  const height = 180;
  const top = 10;
  const bottom = 40;
  const width = Math.max(200, weeks.length * (barWidth + gap) + 40);
  const plot = height - top - bottom;
  const bars = weeks
    .map((w, i) => {
      const share = w.youth.shareWithinNorm;
      const h = share === null ? 0 : Math.round(share * plot);
      const x = 40 + i * (barWidth + gap);
      const label = w.week.slice(6);
      return `<rect x="${x}" y="${top + plot - h}" width="${barWidth}" height="${h}" fill="#154273"><title>${w.week}: ${percent(share)} binnen 48 uur (${w.youth.met} van ${w.youth.met + w.youth.late + w.youth.breached})</title></rect><text x="${x + barWidth / 2}" y="${height - bottom + 16}" font-size="11" text-anchor="middle">${label}</text>`;
    })
    .join('');
  const grid = [0, 0.5, 1]
    .map((g) => `<line x1="36" x2="${width}" y1="${top + plot - g * plot}" y2="${top + plot - g * plot}" stroke="#767676" stroke-width="0.5"/><text x="32" y="${top + plot - g * plot + 4}" font-size="11" text-anchor="end">${g * 100}%</text>`)
    .join('');
  return { svg: `${grid}${bars}`, width, height };
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[;"\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function figuresCsv(f: FollowUpFigures): string {
  const lines = [['periode', 'groep', 'totaal', 'binnen norm', 'te laat', 'verlopen zonder contact', 'onbereikbaar', 'open', 'aandeel binnen norm']];
  const push = (period: string, group: string, t: Tally) => lines.push([period, group, t.total, t.met, t.late, t.breached, t.unreachable, t.open, t.shareWithinNorm ?? ''].map(String));
  push(`${f.from} t/m ${f.to}`, 'jeugdigen (48 uur)', f.youth);
  push(`${f.from} t/m ${f.to}`, 'overige melders', f.others);
  for (const w of f.weeks) {
    push(w.week, 'jeugdigen (48 uur)', w.youth);
    push(w.week, 'overige melders', w.others);
  }
  for (const m of f.months) {
    push(m.month, 'jeugdigen (48 uur)', m.youth);
    push(m.month, 'overige melders', m.others);
  }
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
