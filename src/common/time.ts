export const TIME_ZONE = 'Europe/Amsterdam';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in Amsterdam on which an instant falls, as YYYY-MM-DD. */
export const amsterdamDay = (d: Date): string => dayFormat.format(d);

// Years 1900 to 2999: a day this system can hold. Outside them JavaScript writes a year of five digits or none
// (year 10000 becomes "+010000", which PostgreSQL refuses and no loop over days ever passes).
export const isIsoDay = (s: string): boolean =>
  /^(19|2\d)\d{2}-\d{2}-\d{2}$/.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * Whether the date and time written at the start of `s` (YYYY-MM-DDTHH:MM, seconds optional) exist on the calendar.
 * JavaScript's Date quietly rolls 30 February over to 2 March and 25:99 to the next day; a typed date must not.
 */
export function isRealDateTime(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) && h <= 23 && mi <= 59 && sec <= 59;
}
