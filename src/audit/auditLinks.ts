import { paths } from '../web/paths';
import { trailQuery } from './auditViews';

/** Who may read the audit trail: functional management, nobody else. */
export const AUDIT_READERS = ['beheerder'] as const;

const blank = { objectType: '', objectId: '', actorId: '', from: '', to: '' };

export const canReadAudit = (roles: readonly string[]): boolean => roles.some((r) => (AUDIT_READERS as readonly string[]).includes(r));

/** The whole trail of a signal (with what hangs off it), a provider or a user. */
export const trailHref = (objectType: string, objectId: string): string =>
  `${paths.admin.audit}${trailQuery({ ...blank, objectType, objectId })}`;

/** What a user did. */
export const actorTrailHref = (actorId: string): string => `${paths.admin.audit}${trailQuery({ ...blank, actorId })}`;

/** The link "Audittrail" on an object's page, only for those who may follow it. */
export const auditTrailHref = (
  roles: readonly string[],
  objectType: 'signal' | 'provider' | 'user',
  objectId: string,
): string | undefined => (canReadAudit(roles) ? trailHref(objectType, objectId) : undefined);
