/** Who does something, and within which request. Passed from routes into services. */
export interface Actor {
  userId: string | null;
  label: string;
  requestId: string | null;
}

export const systemActor = (label = 'systeem'): Actor => ({ userId: null, label, requestId: null });

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditEntry {
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string;
  changes: unknown;
  requestId: string | null;
}
