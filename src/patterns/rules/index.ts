import type { Finding, Place, Rule } from '../types';
import type { RuleContext } from './context';
import { cluster } from './cluster';
import { rise } from './rise';
import { missingReport } from './missingReport';
import { recurrence } from './recurrence';
import { silence } from './silence';

/**
 * What each rule offers: the places a new item touches, the judgement of given places (one item's few, read in a few
 * queries), and the nightly scan (its candidates found in SQL and judged together, never one query per place).
 */
export interface PatternRule {
  placesOf(ctx: RuleContext, place: Place): Place[] | Promise<Place[]>;
  evaluate(ctx: RuleContext, places: readonly Place[]): Promise<Finding[]>;
  scan(ctx: RuleContext): Promise<Finding[]>;
}

export const PATTERN_RULES: Record<Rule, PatternRule> = {
  cluster: { ...cluster, placesOf: (_ctx, p) => cluster.placesOf(p) },
  rise: { ...rise, placesOf: (_ctx, p) => rise.placesOf(p) },
  'missing-report': { ...missingReport, placesOf: (_ctx, p) => missingReport.placesOf(p) },
  recurrence,
  silence: { ...silence, placesOf: () => silence.placesOf() },
};
