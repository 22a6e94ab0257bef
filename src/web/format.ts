import { TIME_ZONE } from '../common/time';

const dateTimeFmt = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateFmt = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });

/** Instants are stored in UTC and always shown in Amsterdam time. */
export const formatDateTime = (d: Date | string | null | undefined): string => (d ? dateTimeFmt.format(new Date(d)) : '');

/** Calendar days (YYYY-MM-DD) are shown as they are, without a time-zone shift. */
export const formatDay = (day: string | null | undefined): string => (day ? dateFmt.format(new Date(`${day}T12:00:00Z`)) : '');

export const formatChanges = (changes: unknown): string => {
  if (!changes || typeof changes !== 'object') return '';
  return Object.entries(changes as Record<string, unknown>)
    .map(([field, v]) => {
      if (v && typeof v === 'object' && 'after' in v) {
        const c = v as { before: unknown; after: unknown };
        return `${field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`;
      }
      return `${field}: ${JSON.stringify(v)}`;
    })
    .join('; ');
};
