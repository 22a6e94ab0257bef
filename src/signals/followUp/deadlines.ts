import Holidays from 'date-holidays';
import { TIME_ZONE, isRealDateTime } from '../../common/time';

const holidays = new Holidays('NL');
const publicHolidaysByYear = new Map<number, Set<string>>();

/** Dutch public holidays (type "public" in date-holidays: New Year, Easter, King's Day, Ascension, Whitsun, Christmas). */
export function isPublicHoliday(day: string): boolean {
  const year = Number(day.slice(0, 4));
  let set = publicHolidaysByYear.get(year);
  if (!set) {
    set = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    publicHolidaysByYear.set(year, set);
  }
  return set.has(day);
}

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface Wall {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
}

function wallTime(instant: Date): Wall {
  const p = Object.fromEntries(parts.formatToParts(instant).map((x) => [x.type, x.value]));
  return { y: +p.year!, m: +p.month!, d: +p.day!, h: +p.hour!, mi: +p.minute!, s: +p.second!, ms: instant.getUTCMilliseconds() };
}

const asUtc = (w: Wall) => Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s, w.ms);

/** The instant at which Amsterdam's clocks show this wall time (the later one when a time occurs twice). */
function fromWallTime(w: Wall): Date {
  let guess = asUtc(w);
  for (let i = 0; i < 3; i++) {
    const offset = asUtc(wallTime(new Date(guess))) - guess;
    guess = asUtc(w) - offset;
  }
  return new Date(guess);
}

const dayString = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

export function isWorkingDay(day: string): boolean {
  const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !isPublicHoliday(day);
}

/**
 * N working days after an instant: the Nth working day after the Amsterdam calendar day of receipt,
 * at the same Amsterdam wall-clock time. Weekends and Dutch public holidays are skipped.
 */
export function addWorkingDays(from: Date, n: number): Date {
  const w = wallTime(from);
  let date = new Date(Date.UTC(w.y, w.m - 1, w.d));
  let left = n;
  while (left > 0) {
    date = new Date(date.getTime() + 86_400_000);
    if (isWorkingDay(dayString(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()))) left--;
  }
  return fromWallTime({ ...w, y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() });
}

/** Hours are real elapsed hours: 48 hours stay 48 hours across a DST change. */
export function dueAt(receivedAt: Date, norm: { unit: 'hours' | 'working-days'; amount: number }): Date {
  if (norm.unit === 'hours') return new Date(receivedAt.getTime() + Math.round(norm.amount * 3_600_000));
  return addWorkingDays(receivedAt, norm.amount);
}

/** A `datetime-local` form value, read as Amsterdam wall-clock time. */
export function parseAmsterdamLocal(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m || !isRealDateTime(value.trim())) return undefined;
  const d = fromWallTime({ y: +m[1]!, m: +m[2]!, d: +m[3]!, h: +m[4]!, mi: +m[5]!, s: 0, ms: 0 });
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** An instant as a `datetime-local` value in Amsterdam time. */
export function toAmsterdamLocal(instant: Date): string {
  const w = wallTime(instant);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${p(w.m)}-${p(w.d)}T${p(w.h)}:${p(w.mi)}`;
}
