import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import type { AlertStore, Outcome } from './alertStore';
import { readSettings } from './ruleSettings';
import { PATTERN_RULES } from './rules';
import { dueOf } from './rules/missingReport';
import type { RuleContext } from './rules/context';
import type { Finding, NewItem, Place, Rule } from './types';
import { placeKey } from './places';

export type Tally = Record<Outcome, number>;
const tally = (): Tally => ({ created: 0, strengthened: 0, unchanged: 0 });

/** Which rules a new item can complete: only those are checked, and only at the places it touches. */
const RULES_OF: Record<NewItem['kind'], Rule[]> = {
  // Unassessed: no themes and no meldplicht yet.
  signal: ['cluster', 'rise'],
  assessment: ['cluster', 'recurrence', 'missing-report'],
  report: ['cluster', 'recurrence'],
};

/** Runs the rules: for the places one new item touches (the job after each item) or for every candidate (nightly). */
export function detector(db: Db, clock: Clock, store: AlertStore) {
  const context = async (): Promise<RuleContext> => ({ db, settings: await readSettings(db), now: clock.now(), memo: new Map() });

  /** Findings that change nothing are sieved out in two queries; the rest each get their transaction in the store. */
  async function apply(ctx: RuleContext, findings: Finding[], t: Tally): Promise<void> {
    const { todo, unchanged } = await store.sieve(findings);
    t.unchanged += unchanged;
    for (const f of todo) t[await store.apply(f, ctx.now)]++;
  }

  async function run(ctx: RuleContext, rule: Rule, places: Place[], t: Tally): Promise<void> {
    const unique = [...new Map(places.map((p) => [placeKey(p), p])).values()];
    if (unique.length > 0) await apply(ctx, await PATTERN_RULES[rule].evaluate(ctx, unique), t);
  }

  async function placeOfItem(item: NewItem): Promise<(Place & { receivedAt?: Date; meldplicht?: boolean }) | undefined> {
    if (item.kind === 'report') {
      const r = await db
        .selectFrom('mandatory_reports')
        .select(['provider_id', 'location_id', 'unit_id'])
        .where('id', '=', item.id)
        .executeTakeFirst();
      return r && { providerId: r.provider_id, locationId: r.location_id, unitId: r.unit_id };
    }
    const s = await db
      .selectFrom('signals as s')
      .leftJoin('signal_assessments as a', 'a.signal_id', 's.id')
      .select(['s.provider_id', 's.location_id', 's.unit_id', 's.received_at', 's.duplicate_of', 'a.meldplicht'])
      .where('s.id', '=', item.id)
      .executeTakeFirst();
    if (!s?.provider_id) return undefined;
    return {
      providerId: s.provider_id,
      locationId: s.location_id,
      unitId: s.unit_id,
      receivedAt: s.received_at,
      meldplicht: Boolean(s.meldplicht) && !s.duplicate_of,
    };
  }

  /**
   * The check after one new item. Returns, for an assessment that says meldplicht and is not due yet, the instant at
   * which the missing-report rule must look again (the caller puts a delayed job there).
   */
  async function check(item: NewItem): Promise<{ tally: Tally; missingReportDueAt?: Date }> {
    const t = tally();
    const place = await placeOfItem(item);
    if (!place) return { tally: t };
    const ctx = await context();
    let missingReportDueAt: Date | undefined;
    for (const rule of RULES_OF[item.kind]) {
      if (rule === 'missing-report') {
        if (!place.meldplicht || !place.receivedAt) continue;
        const due = dueOf(place.receivedAt, ctx);
        if (due > ctx.now) {
          missingReportDueAt = due;
          continue;
        }
      }
      await run(ctx, rule, await PATTERN_RULES[rule].placesOf(ctx, place), t);
    }
    return { tally: t, missingReportDueAt };
  }

  /** The delayed job at a meldplicht signal's due instant: the missing-report rule at its place. */
  async function checkMissingReport(signalId: string): Promise<Tally> {
    const t = tally();
    const place = await placeOfItem({ kind: 'assessment', id: signalId });
    if (place?.meldplicht) await run(await context(), 'missing-report', [place], t);
    return t;
  }

  /** The nightly scan: every rule over its candidates, found in SQL. Safe to repeat: a second run changes nothing. */
  async function scan(): Promise<Record<Rule, Tally>> {
    const ctx = await context();
    const out = {} as Record<Rule, Tally>;
    for (const rule of Object.keys(PATTERN_RULES) as Rule[]) {
      out[rule] = tally();
      await apply(ctx, await PATTERN_RULES[rule].scan(ctx), out[rule]);
    }
    return out;
  }

  return { check, checkMissingReport, scan };
}

export type Detector = ReturnType<typeof detector>;
