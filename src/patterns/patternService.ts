import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Queues, PatternJob } from '../jobs/queues';
import type { AuditService } from '../audit/auditService';
import type { MailService } from '../mail/mailService';
import type { Actor } from '../audit/types';
import type { Role } from '../auth/roles';
import { ForbiddenError, NotFoundError, ValidationError, check, isUuid, textRules } from '../common/errors';
import { LIMITS } from '../common/limits';
import { REASON_WRITTEN } from '../signals/types';
import { alertStore } from './alertStore';
import { detector } from './detector';
import { digest } from './digest';
import * as repo from './alertRepository';
import { readSettings, parseSettings, type Settings } from './ruleSettings';
import { DECISIONS, type NewItem } from './types';

export type Reader = { id: string; roles: readonly Role[] };

/** Managers decide on every alert; an inspector on the alerts of the providers they are assigned to. */
const mayDecide = async (db: Db, user: Reader, providerId: string) =>
  user.roles.includes('manager') || (user.roles.includes('inspecteur') && (await repo.isInspectorOf(db, user.id, providerId)));

/**
 * Pattern detection and its alerts (waarschuwingen): the check after each new item and the nightly scan (both through
 * the `patterns` queue), the list and page of alerts, the decision that closes one, the rule settings, the digest.
 */
export function patternService(db: Db, clock: Clock, audit: AuditService, mail: MailService, queues: Queues, log: Logger, baseUrl: string) {
  const store = alertStore(db, audit);
  const detect = detector(db, clock, store);

  /**
   * Call after the transaction that wrote the item has committed: queues the check of the rules and places the item
   * touches. Never fails the caller: with Redis away the item waits for the nightly scan, which finds it all the same.
   */
  async function afterNewItem(item: NewItem): Promise<void> {
    const data: PatternJob = {
      kind: item.kind,
      id: item.id,
      providerId: item.providerId ?? null,
      locationId: item.locationId ?? null,
      unitId: item.unitId ?? null,
    };
    try {
      await queues.addQuickly('patrooncontrole in wachtrij zetten', () => queues.patterns.add('check', data));
    } catch (e) {
      log.warn(
        { kind: item.kind, id: item.id, err: (e as Error).message },
        'patrooncontrole niet in de wachtrij; de nachtelijke scan vindt het',
      );
    }
  }

  /** The worker's side of the `patterns` queue. */
  async function handle(name: string, data: PatternJob): Promise<void> {
    if (name === 'check' && data.kind && isUuid(data.id)) {
      const { tally, missingReportDueAt } = await detect.check({ kind: data.kind, id: data.id });
      // Look again at the due instant; the job id makes scheduling it twice add nothing.
      if (missingReportDueAt)
        await queues.patterns.add(
          'missing-report',
          { id: data.id },
          {
            jobId: `missing-report-${data.id}-${missingReportDueAt.getTime()}`,
            delay: Math.max(0, missingReportDueAt.getTime() - clock.now().getTime()),
          },
        );
      if (tally.created + tally.strengthened > 0) log.info({ ...tally, kind: data.kind }, 'patrooncontrole');
    } else if (name === 'missing-report' && isUuid(data.id)) await detect.checkMissingReport(data.id);
    else if (name === 'scan') log.info({ scan: await detect.scan() }, 'nachtelijke patroonscan');
    else if (name === 'digest') {
      const sent = await sendDigests();
      if (sent > 0) log.info({ sent }, 'overzichten van waarschuwingen verstuurd');
    }
  }

  const sendDigests = digest(db, clock, mail, baseUrl);

  async function list(filter: repo.AlertFilter, page: number, size: number) {
    const total = await repo.count(db, filter);
    const last = Math.max(1, Math.ceil(total / size));
    const shown = Math.min(page, last);
    return { total, page: shown, rows: await repo.page(db, filter, (shown - 1) * size, size) };
  }

  async function get(user: Reader, id: string) {
    const a = isUuid(id) ? await repo.find(db, id) : undefined;
    if (!a) throw new NotFoundError('Waarschuwing niet gevonden');
    const [items, history, canDecide] = await Promise.all([repo.items(db, id), repo.history(db, id), mayDecide(db, user, a.provider_id)]);
    return { alert: a, items, history, canDecide };
  }

  /** Records the decision that closes an alert, with its reason; audited (the reason as written, not its text). */
  async function decide(actor: Actor, user: Reader, id: string, input: { decision: string; reason: string }): Promise<void> {
    const a = isUuid(id) ? await repo.find(db, id) : undefined;
    if (!a) throw new NotFoundError('Waarschuwing niet gevonden');
    if (!(await mayDecide(db, user, a.provider_id)))
      throw new ForbiddenError('Alleen de inspecteurs van deze aanbieder en managers besluiten over deze waarschuwing.');
    const reason = input.reason.trim();
    check([
      ['decision', Object.hasOwn(DECISIONS, input.decision), 'Kies wat u besluit'],
      ['reason', reason.length > 0, 'Vul de reden van uw besluit in'],
      ...textRules({ reason: [input.reason, LIMITS.freeText] }),
    ]);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const locked = await trx.selectFrom('pattern_alerts').select('status').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (locked.status !== 'open') throw new ValidationError({ decision: 'Over deze waarschuwing is al besloten' });
      await trx
        .updateTable('pattern_alerts')
        .set({
          status: 'closed',
          decision: input.decision,
          decision_reason: reason,
          decided_by: actor.userId,
          decided_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'pattern-alert',
        objectId: id,
        changes: {
          status: { before: 'open', after: 'closed' },
          decision: { before: null, after: input.decision },
          reason: { before: null, after: REASON_WRITTEN },
        },
      });
    });
  }

  /** Saves every rule's values at once; each rule whose values changed gets its own audit entry. */
  async function saveSettings(actor: Actor, input: Record<string, unknown>): Promise<void> {
    const { values, errors } = parseSettings(input);
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const before = await readSettings(trx);
      for (const rule of Object.keys(values) as Array<keyof Settings>) {
        const was = before[rule] as Record<string, number>;
        const is = values[rule] as Record<string, number>;
        const changed = Object.keys(is).filter((k) => was[k] !== is[k]);
        if (changed.length === 0) continue;
        for (const key of changed) {
          const value = is[key]!;
          await trx
            .insertInto('pattern_rule_settings')
            .values({ rule, key, value, updated_at: now, updated_by: actor.userId })
            .onConflict((oc) => oc.columns(['rule', 'key']).doUpdateSet({ value, updated_at: now, updated_by: actor.userId }))
            .execute();
        }
        const changes = Object.fromEntries(changed.map((k) => [k, { before: was[k], after: is[k] }]));
        await audit.record(trx, actor, { action: 'update', objectType: 'pattern-rule', objectId: rule, changes });
      }
    });
  }

  return {
    afterNewItem,
    handle,
    check: detect.check,
    checkMissingReport: detect.checkMissingReport,
    scan: detect.scan,
    sendDigests,
    list,
    get,
    decide,
    settings: () => readSettings(db),
    saveSettings,
    apiList: (filter: repo.AlertFilter, offset: number, limit: number) => repo.forApi(db, filter, offset, limit),
    count: (filter: repo.AlertFilter) => repo.count(db, filter),
  };
}

export type PatternService = ReturnType<typeof patternService>;
