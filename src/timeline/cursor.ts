import type { TimelineCursor } from './types';

// The cursor is opaque to clients: base64url of "at|kind|id". Decoding checks every part, so a cursor that was
// altered or made up is a 400 beside the field, never a query PostgreSQL refuses.

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(:[a-z]{1,20})?$/;

export const encodeCursor = (c: TimelineCursor): string => Buffer.from(`${c.at}|${c.kind}|${c.id}`, 'utf8').toString('base64url');

/** The cursor, or null when it is not one this timeline made (kinds: the registered kinds). */
export function decodeCursor(s: string, kinds: readonly string[]): TimelineCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(s)) return null;
  const [at, kind, id, ...rest] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !at || !kind || !id) return null;
  if (!AT.test(at) || Number.isNaN(Date.parse(at)) || new Date(at).toISOString().slice(0, 23) !== at.slice(0, 23)) return null;
  if (!kinds.includes(kind) || !ID.test(id)) return null;
  return { at, kind, id };
}
