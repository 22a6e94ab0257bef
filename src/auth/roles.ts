export const ROLES = ['meldpunt', 'inspecteur', 'manager', 'beheerder'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);
