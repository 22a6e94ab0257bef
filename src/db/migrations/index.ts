import type { Migration } from 'kysely';
import * as foundation from './2026-11-22_001_foundation';

// Listed explicitly so the same list works from TypeScript (tests, tsx) and compiled JavaScript.
export const migrations: Record<string, Migration> = {
  '2026-11-22_001_foundation': foundation,
};
