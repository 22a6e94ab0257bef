import type { Executor } from '../../db/connection';
import type { Settings } from '../ruleSettings';
import { REPORTER_TYPES, isYoungPerson } from '../../signals/types';

export const DAY_MS = 86_400_000;

/** What every rule reads: the database, the settings of this run, and the moment the run judges. */
export interface RuleContext {
  db: Executor;
  settings: Settings;
  now: Date;
  /** Figures a run computes once and shares across places (the nightly scan, or the places of one new item). */
  memo?: Map<string, unknown>;
}

/** Theme codes to their names, once per run. */
export async function themeLabels(ctx: RuleContext): Promise<Map<string, string>> {
  const hit = ctx.memo?.get('themes') as Map<string, string> | undefined;
  if (hit) return hit;
  const rows = await ctx.db.selectFrom('themes').select(['code', 'label']).execute();
  const labels = new Map(rows.map((t) => [t.code, t.label]));
  ctx.memo?.set('themes', labels);
  return labels;
}

/** The reporter types of young people (a young person themself, a former resident), from the app's one rule, for SQL. */
export const YOUNG_PERSON_TYPES: string[] = Object.keys(REPORTER_TYPES).filter(isYoungPerson);
