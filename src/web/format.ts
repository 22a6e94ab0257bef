import { TIME_ZONE } from '../common/time';

const dateTimeFmt = new Intl.DateTimeFormat('nl-NL', {
  timeZone: TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateFmt = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });

/** Instants are stored in UTC and always shown in Amsterdam time. */
export const formatDateTime = (d: Date | string | null | undefined): string => (d ? dateTimeFmt.format(new Date(d)) : '');

/** Calendar days (YYYY-MM-DD) are shown as they are, without a time-zone shift. */
export const formatDay = (day: string | null | undefined): string => (day ? dateFmt.format(new Date(`${day}T12:00:00Z`)) : '');

const countFmt = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });

/** A count as Dutch readers write it: "1.234.567". Ten years of signals make five- and six-digit counts common. */
export const formatCount = (n: number): string => countFmt.format(n);

/** A count with its noun: "1 afstemming", "0 afstemmingen", "3 afstemmingen" (Dutch: only exactly one is singular). */
export const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;
