import type { HashedFields } from './hash';

/** Who does something, and within which request. Passed from routes into services. */
export interface Actor {
  userId: string | null;
  label: string;
  requestId: string | null;
}

export const systemActor = (label = 'systeem'): Actor => ({ userId: null, label, requestId: null });

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

/** An audit row as read back: its id and the fields its MAC covers. */
export interface AuditEntry extends HashedFields {
  id: string;
}
