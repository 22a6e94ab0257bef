import { amsterdamDay, isIsoDay } from '../common/time';
import { nextDay } from '../signals/search/conditions';
import { startOfAmsterdamDay } from '../timeline/timelineQuery';

// An overview covers one Amsterdam calendar day: from its midnight to the next one, 23 hours on the day summer time
// begins and 25 on the day it ends. Everything the IGJ registers lands in exactly one day, whenever the job runs.

export { isIsoDay, nextDay };

export const previousDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** The day the overview sent at `now` covers: the Amsterdam day before today's. */
export const coveredDay = (now: Date): string => previousDay(amsterdamDay(now));

/** The instants [from, to) of an Amsterdam day. */
export const dayBounds = (day: string): { from: Date; to: Date } => ({
  from: startOfAmsterdamDay(day),
  to: startOfAmsterdamDay(nextDay(day)),
});

const longDay = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** "maandag 23 november 2026". */
export const dayText = (day: string): string => longDay.format(new Date(`${day}T12:00:00Z`));
