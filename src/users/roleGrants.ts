import type { Role } from '../auth/roles';

/** Roles that read reporters' personal data (contact details, descriptions): granting one is its own audited event. */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['meldpunt', 'manager'];

export const grantedPersonalDataRoles = (before: readonly Role[], after: readonly Role[]): Role[] =>
  after.filter((r) => PERSONAL_DATA_ROLES.includes(r) && !before.includes(r));

export const sameRoles = (a: readonly Role[], b: readonly Role[]): boolean => a.length === b.length && a.every((r) => b.includes(r));
