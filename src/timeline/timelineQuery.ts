import { isUuid, type FieldErrors } from '../common/errors';
import { isIsoDay, isRealDateTime, TIME_ZONE } from '../common/time';
import { decodeCursor } from './cursor';
import type { TimelineFilter, TimelinePosition } from './types';

// Reads the timeline's filter from a query string, for the API and the page alike. A date is a calendar day in
// Amsterdam or an instant with its offset (ISO-8601); `to` and `asOf` as a day include that whole day.

export interface TimelineQuery {
  filter: Omit<TimelineFilter, 'providerId'>;
  position: TimelinePosition | null;
  /** What was asked, as typed, to fill the form again and to keep in the paging links. */
  values: Record<'from' | 'to' | 'asOf' | 'kind' | 'theme' | 'locationId' | 'unitId', string>;
}

const offsetFmt = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** How far Amsterdam's clock is ahead of UTC at instant t (ms). */
function offsetAt(t: number): number {
  const p = Object.fromEntries(offsetFmt.formatToParts(new Date(t)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
}

/** The instant an Amsterdam calendar day begins (the clocks never change at midnight there). */
export function startOfAmsterdamDay(day: string): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  return new Date(midnightUtc - offsetAt(midnightUtc - offsetAt(midnightUtc)));
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A day's start (or, with endOfDay, the start of the next day) or an instant; undefined for empty, null for bad. */
function dateOf(v: string, endOfDay: boolean): Date | undefined | null {
  if (v === '') return undefined;
  if (isIsoDay(v)) return startOfAmsterdamDay(endOfDay ? nextDay(v) : v);
  if (INSTANT.test(v) && isRealDateTime(v) && v >= '1900' && v < '3000') return new Date(v);
  return null;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const SINGLE = ['from', 'to', 'asOf', 'theme', 'locationId', 'unitId', 'cursor', 'newer'] as const;

/** kinds: the registered kinds; themes: every theme code (active or not). */
export function parseTimelineQuery(
  query: Record<string, unknown>,
  kinds: readonly string[],
  themes: readonly string[],
): { query: TimelineQuery; errors: FieldErrors } {
  const errors: FieldErrors = {};
  // A value given twice (?from=…&from=…) is a mistake of the caller, not a choice between the two.
  for (const name of SINGLE) if (Array.isArray(query[name])) errors[name] = 'Geef deze waarde één keer';
  const values = {
    from: text(query.from),
    to: text(query.to),
    asOf: text(query.asOf),
    kind: Array.isArray(query.kind) ? query.kind.map(text).filter(Boolean).join(',') : text(query.kind),
    theme: text(query.theme),
    locationId: text(query.locationId),
    unitId: text(query.unitId),
  };
  const BAD_DATE = 'Vul een datum in als JJJJ-MM-DD (of een tijdstip als 2026-03-01T10:00:00+01:00)';
  const from = dateOf(values.from, false);
  const to = dateOf(values.to, true);
  // Known on a day: everything registered before that day ended.
  const asOfEnd = dateOf(values.asOf, true);
  const asOf = asOfEnd && isIsoDay(values.asOf) ? new Date(asOfEnd.getTime() - 1) : asOfEnd;
  if (from === null) errors.from = BAD_DATE;
  if (to === null) errors.to = BAD_DATE;
  if (asOf === null) errors.asOf = BAD_DATE;
  if (from && to && from >= to) errors.to = 'De einddatum ligt vóór de begindatum';
  const asked = values.kind ? values.kind.split(',').map((k) => k.trim()) : [];
  if (asked.some((k) => !kinds.includes(k))) errors.kind = `Kies uit: ${kinds.join(', ')}`;
  if (values.theme && !themes.includes(values.theme)) errors.theme = 'Kies een thema uit de lijst';
  if (values.locationId && !isUuid(values.locationId)) errors.locationId = 'Kies een locatie van deze aanbieder';
  if (values.unitId && !isUuid(values.unitId)) errors.unitId = 'Kies een groep van deze aanbieder';
  const older = text(query.cursor);
  const newer = text(query.newer);
  let position: TimelinePosition | null = null;
  if (older || newer) {
    const cursor = decodeCursor(older || newer, kinds);
    if (!cursor) errors[older ? 'cursor' : 'newer'] = 'Deze verwijzing naar een pagina is ongeldig; begin opnieuw bij de nieuwste';
    else position = { cursor, direction: older ? 'older' : 'newer' };
  }
  const filter = {
    ...(values.locationId && { locationId: values.locationId.toLowerCase() }),
    ...(values.unitId && { unitId: values.unitId.toLowerCase() }),
    ...(asked.length > 0 && { kinds: [...new Set(asked)] }),
    ...(values.theme && { theme: values.theme }),
    ...(from && { from }),
    ...(to && { to }),
    ...(asOf && { asOf }),
  };
  return { query: { filter, position, values }, errors };
}
