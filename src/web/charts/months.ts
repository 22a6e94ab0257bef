// Calendar months as charts and tables name them: keys "YYYY-MM", labels "nov 2026".

export const MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

export const monthLabel = (month: string): string => `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** Every month with a day between two days (YYYY-MM-DD, or YYYY-MM), oldest first: months without events too. */
export function monthsIn(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  for (let key = from.slice(0, 7); key <= to.slice(0, 7); key = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`) {
    out.push(key);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

/** The month `n` months after `month` (n may be negative): "2026-11" + 1 → "2026-12", + 2 → "2027-01". */
export function addMonths(month: string, n: number): string {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}
