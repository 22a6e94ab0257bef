import { sql, type SqlBool } from 'kysely';
import type { Db, Executor } from '../db/connection';
import type { AuditService } from '../audit/auditService';
import { systemActor } from '../audit/types';
import type { Finding } from './types';

export const DETECTION = systemActor('patroondetectie');
// The class of the two-key advisory locks on one alert key (rule, place, theme); see `apply`.
const LOCK_CLASS = 1013;

export type Outcome = 'created' | 'strengthened' | 'unchanged';

const itemKey = (i: { kind: string; id: string }) => `${i.kind}:${i.id}`;
const keyOf = (a: { rule: string; provider_id: string; location_id: string | null; unit_id: string | null; theme: string | null }) =>
  [a.rule, a.provider_id, a.location_id ?? '', a.unit_id ?? '', a.theme ?? ''].join('|');

/** The alerts of one key (rule, place, theme), open or closed. */
const ofKey = (db: Executor, f: Finding) =>
  db
    .selectFrom('pattern_alerts')
    .where('rule', '=', f.rule)
    .where('provider_id', '=', f.providerId)
    .where((eb) => (f.locationId ? eb('location_id', '=', f.locationId) : eb('location_id', 'is', null)))
    .where((eb) => (f.unitId ? eb('unit_id', '=', f.unitId) : eb('unit_id', 'is', null)))
    .where((eb) => (f.theme ? eb('theme', '=', f.theme) : eb('theme', 'is', null)));

const figures = (f: Finding) => ({ observed: f.observed, expected: f.expected ?? null, upper_limit: f.limit ?? null });

/**
 * Turns a finding into an alert. Under a lock on its key (so a job and the nightly scan never both create one):
 * - an open alert of the key: items the finding adds are added, its figures and explanation renewed, a history row
 *   written; without new items nothing changes (running a check or the scan twice changes nothing);
 * - no open alert: a new alert, unless every item of the finding was already behind an earlier (closed) alert of the
 *   key, which an inspector decided on. A rule without items (silence) decides that itself.
 * Creation and strengthening are in the audit trail, by the system actor 'patroondetectie'.
 */
export function alertStore(db: Db, audit: AuditService) {
  async function apply(f: Finding, now: Date): Promise<Outcome> {
    return db.transaction().execute(async (trx) => {
      const key = keyOf({ rule: f.rule, provider_id: f.providerId, location_id: f.locationId, unit_id: f.unitId, theme: f.theme });
      await sql`select pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(${key}))`.execute(trx);
      const open = await ofKey(trx, f).selectAll().where('status', '=', 'open').executeTakeFirst();
      const known = new Set(
        (
          await ofKey(trx, f)
            .innerJoin('pattern_alert_items as i', 'i.alert_id', 'pattern_alerts.id')
            .select(['i.kind', 'i.item_id as id'])
            .$if(Boolean(open), (q) => q.where('pattern_alerts.id', '=', open!.id))
            .execute()
        ).map(itemKey),
      );
      const fresh = f.items.filter((i) => !known.has(itemKey(i)));
      if (open) {
        if (fresh.length === 0) return 'unchanged';
        await trx
          .insertInto('pattern_alert_items')
          .values(fresh.map((i) => ({ alert_id: open.id, kind: i.kind, item_id: i.id, added_at: now })))
          .execute();
        await trx
          .updateTable('pattern_alerts')
          .set({ ...figures(f), explanation: f.explanation, updated_at: now })
          .where('id', '=', open.id)
          .execute();
        await trx
          .insertInto('pattern_alert_history')
          .values({
            alert_id: open.id,
            at: now,
            kind: 'strengthened',
            ...figures(f),
            items: known.size + fresh.length,
            explanation: f.explanation,
          })
          .execute();
        await audit.record(trx, DETECTION, {
          action: 'update',
          objectType: 'pattern-alert',
          objectId: open.id,
          changes: {
            items: { before: known.size, after: known.size + fresh.length },
            observed: { before: Number(open.observed), after: f.observed },
          },
        });
        return 'strengthened';
      }
      if (f.items.length > 0 && fresh.length === 0) return 'unchanged';
      const created = await trx
        .insertInto('pattern_alerts')
        .values({
          rule: f.rule,
          provider_id: f.providerId,
          location_id: f.locationId,
          unit_id: f.unitId,
          theme: f.theme,
          explanation: f.explanation,
          ...figures(f),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (f.items.length > 0)
        await trx
          .insertInto('pattern_alert_items')
          .values(f.items.map((i) => ({ alert_id: created.id, kind: i.kind, item_id: i.id, added_at: now })))
          .execute();
      await trx
        .insertInto('pattern_alert_history')
        .values({ alert_id: created.id, at: now, kind: 'created', ...figures(f), items: f.items.length, explanation: f.explanation })
        .execute();
      await audit.record(trx, DETECTION, {
        action: 'create',
        objectType: 'pattern-alert',
        objectId: created.id,
        changes: {
          rule: { before: null, after: f.rule },
          providerId: { before: null, after: f.providerId },
          locationId: { before: null, after: f.locationId },
          unitId: { before: null, after: f.unitId },
          theme: { before: null, after: f.theme },
          items: { before: null, after: f.items.length },
          observed: { before: null, after: f.observed },
        },
      });
      return 'created';
    });
  }

  /**
   * The nightly scan's first pass over its findings, in two queries instead of a transaction each: the findings that
   * would change nothing (no new item for the open alert, or only items an inspector already decided on) are counted
   * and left out. `apply` checks the rest again under its lock.
   */
  async function sieve(findings: Finding[]): Promise<{ todo: Finding[]; unchanged: number }> {
    if (findings.length === 0) return { todo: [], unchanged: 0 };
    const rules = [...new Set(findings.map((f) => f.rule))];
    const ids = [...new Set(findings.flatMap((f) => f.items.map((i) => i.id)))];
    const providers = [...new Set(findings.map((f) => f.providerId))];
    const open = await db
      .selectFrom('pattern_alerts')
      .select(['id', 'rule', 'provider_id', 'location_id', 'unit_id', 'theme'])
      .where('status', '=', 'open')
      .where('rule', 'in', rules)
      .where(sql<SqlBool>`provider_id = any(${providers}::uuid[])`)
      .execute();
    const openByKey = new Map(open.map((a) => [keyOf(a), a.id]));
    const known = ids.length
      ? await db
          .selectFrom('pattern_alert_items as i')
          .innerJoin('pattern_alerts as a', 'a.id', 'i.alert_id')
          .select(['a.id', 'a.rule', 'a.provider_id', 'a.location_id', 'a.unit_id', 'a.theme', 'a.status', 'i.kind', 'i.item_id'])
          .where('a.rule', 'in', rules)
          .where(sql<SqlBool>`i.item_id = any(${ids}::uuid[])`)
          .execute()
      : [];
    // Per key: the items of its open alert, and those of its closed ones.
    const seen = new Map<string, Set<string>>();
    for (const k of known) {
      const key = keyOf(k);
      const openId = openByKey.get(key);
      if (openId ? k.id !== openId : k.status !== 'closed') continue;
      (seen.get(key) ?? seen.set(key, new Set()).get(key)!).add(itemKey({ kind: k.kind, id: k.item_id }));
    }
    const todo = findings.filter((f) => {
      const key = keyOf({ rule: f.rule, provider_id: f.providerId, location_id: f.locationId, unit_id: f.unitId, theme: f.theme });
      const fresh = f.items.filter((i) => !seen.get(key)?.has(itemKey(i)));
      if (openByKey.has(key)) return fresh.length > 0;
      return f.items.length === 0 || fresh.length > 0;
    });
    return { todo, unchanged: findings.length - todo.length };
  }

  return { apply, sieve };
}

export type AlertStore = ReturnType<typeof alertStore>;
