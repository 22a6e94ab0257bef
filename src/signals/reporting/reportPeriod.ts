import { isIsoDay } from '../../common/time';

// No signal is older than 2000 (registration refuses one), and a report looks at most a year ahead: a period outside
// that holds nothing, and a loop over its weeks would only cost (a period to the year 9999 once hung the web process).
export const EARLIEST_REPORT_DAY = '2000-01-01';

const addYear = (day: string) => `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;

/** Messages per field for a report period, empty when it can be reported on. */
export function periodErrors(from: string, to: string, today: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!isIsoDay(from)) errors.from = 'Gebruik de vorm JJJJ-MM-DD';
  else if (from < EARLIEST_REPORT_DAY) errors.from = 'Kies een begindatum vanaf 1 januari 2000';
  if (!isIsoDay(to)) errors.to = 'Gebruik de vorm JJJJ-MM-DD';
  else if (to > addYear(today)) errors.to = 'Kies een einddatum tot uiterlijk een jaar na vandaag';
  if (!errors.from && !errors.to && from > to) errors.to = 'De einddatum ligt vóór de begindatum';
  return errors;
}
