import type { Db } from '../../db/connection';
import type { Clock } from '../../clock';
import type { AuditService } from '../../audit/auditService';
import { diff } from '../../audit/auditService';
import type { Actor, FieldChanges } from '../../audit/types';
import { NotFoundError, check, textRules, uniquely } from '../../common/errors';
import { LIMITS } from '../../common/limits';
import * as repo from '../signalRepository';
import { REASON_WRITTEN, REFERRALS } from '../types';
import type { SignalAlerts } from '../followUp/alerts';
import type { PatternService } from '../../patterns/patternService';
import { overdueConsultationsQuery } from './consultationList';

/**
 * Advice and consultation outcomes are free text that may name the young person or the reporter. The audit trail is
 * never purged and beheerders read it, so it records that the text changed, not what it says.
 */
function withoutText(changes: FieldChanges, field: string): FieldChanges {
  const c = changes[field];
  if (!c) return changes;
  return { ...changes, [field]: { before: c.before ? REASON_WRITTEN : null, after: c.after ? REASON_WRITTEN : null } };
}

export interface AssessmentInput {
  possibleMisstand: boolean;
  seriousThreat: boolean;
  meldplicht: boolean;
  concernsJzp: boolean;
  themes: string[];
  advice?: string;
  referrals: string[];
}

/** The fixed-criteria assessment, the managed theme list, and the JeugdzorgPlus consultation. */
export function assessmentService(
  db: Db,
  clock: Clock,
  audit: AuditService,
  alerts: SignalAlerts,
  patterns: Pick<PatternService, 'afterNewItem'>,
) {
  const themes = () => db.selectFrom('themes').selectAll().where('active', '=', true).orderBy('position').execute();

  async function assess(actor: Actor, signalId: string, input: AssessmentInput): Promise<void> {
    const known = new Set((await themes()).map((t) => t.code));
    check([
      ['themes', input.themes.length > 0, 'Kies minstens één thema'],
      ['themes', input.themes.every((t) => known.has(t)), 'Kies alleen thema’s uit de lijst'],
      ['referrals', input.referrals.every((r) => Object.hasOwn(REFERRALS, r)), 'Kies alleen verwijzingen uit de lijst'],
      ...textRules({ advice: [input.advice, LIMITS.freeText] }),
    ]);
    const now = clock.now();
    const { mailIds, place } = await db.transaction().execute(async (trx) => {
      const s = await repo.lock(trx, signalId);
      if (!s) throw new NotFoundError('Signaal niet gevonden');
      const before = await trx.selectFrom('signal_assessments').selectAll().where('signal_id', '=', signalId).executeTakeFirst();
      const row = {
        possible_misstand: input.possibleMisstand,
        serious_threat: input.seriousThreat,
        meldplicht: input.meldplicht,
        concerns_jzp: input.concernsJzp,
        themes: input.themes,
        advice: input.advice?.trim() || null,
        referrals: input.referrals,
        assessed_by: actor.userId,
        assessed_at: now,
      };
      await trx
        .insertInto('signal_assessments')
        .values({ signal_id: signalId, ...row })
        .onConflict((oc) => oc.column('signal_id').doUpdateSet(row))
        .execute();
      if (s.status === 'nieuw' || s.status === 'in-behandeling')
        await repo.update(trx, signalId, { status: 'beoordeeld', updated_at: now });
      await repo.addEvent(trx, signalId, now, 'assessed', actor.label, { themes: input.themes, seriousThreat: input.seriousThreat });
      const { assessed_at: _a, assessed_by: _b, ...comparable } = row;
      const { assessed_at: _c, assessed_by: _d, signal_id: _e, ...prev } = before ?? ({} as Record<string, unknown>);
      await audit.record(trx, actor, {
        action: before ? 'update' : 'create',
        objectType: 'signal-assessment',
        objectId: signalId,
        changes: withoutText(diff(prev, comparable), 'advice'),
      });
      // A serious threat makes the signal urgent (once); a later "no" leaves that mark, it is part of the history.
      const place = { providerId: s.provider_id, locationId: s.location_id, unitId: s.unit_id };
      return { place, mailIds: input.seriousThreat ? await alerts.markUrgent(trx, actor, s, 'ernstige-bedreiging', now) : [] };
    });
    await alerts.dispatch(mailIds);
    // Themes and meldplicht may complete a pattern (a cluster per theme, a recurrence, a missing mandatory report).
    await patterns.afterNewItem({ kind: 'assessment', id: signalId, ...place });
  }

  const assessment = (signalId: string) =>
    db.selectFrom('signal_assessments').selectAll().where('signal_id', '=', signalId).executeTakeFirst();

  const consultationOf = (signalId: string) =>
    db.selectFrom('consultations').selectAll().where('signal_id', '=', signalId).executeTakeFirst();

  /** Only an inspector assigned to the provider records how the consultation went. */
  async function recordConsultation(actor: Actor, signalId: string, outcome: string): Promise<void> {
    const c = await consultationOf(signalId);
    if (!c) throw new NotFoundError('Geen afstemming bij dit signaal');
    const assigned = actor.userId
      ? await db
          .selectFrom('provider_inspectors')
          .select('user_id')
          .where('provider_id', '=', c.provider_id)
          .where('user_id', '=', actor.userId)
          .executeTakeFirst()
      : undefined;
    check([
      ['outcome', outcome.trim().length > 0, 'Vul de uitkomst van de afstemming in'],
      ...textRules({ outcome: [outcome, LIMITS.freeText] }),
      ['outcome', Boolean(assigned), 'Alleen de inspecteurs van deze aanbieder leggen de afstemming vast'],
    ]);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('consultations')
        .set({ outcome: outcome.trim(), outcome_by: actor.userId, outcome_at: now })
        .where('id', '=', c.id)
        .execute();
      await repo.addEvent(trx, signalId, now, 'consultation-done', actor.label, { consultationId: c.id, onTime: now <= c.due_at });
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'consultation',
        objectId: c.id,
        changes: withoutText(diff({ outcome: c.outcome }, { outcome: outcome.trim() }), 'outcome'),
      });
    });
  }

  /**
   * Open consultations past their due instant, for the managers' views: how many, and the `shown` oldest. The whole
   * list is /afstemmingen?status=te-laat, paged; a page that names them all would grow without bound.
   */
  async function overdueConsultations(shown = 5) {
    const query = overdueConsultationsQuery(db, clock.now());
    const [first, counted] = await Promise.all([
      query.limit(shown).execute(),
      db
        .selectFrom(query.clearOrderBy().as('o'))
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { total: Number(counted.n), first };
  }

  const allThemes = () => db.selectFrom('themes').selectAll().orderBy('position').execute();

  /** Themes are never deleted (old assessments refer to them): they are renamed or switched off. */
  async function saveTheme(actor: Actor, input: { code?: string; label: string; active: boolean }): Promise<void> {
    const label = input.label.trim();
    check([
      ['label', label.length > 0 && label.length <= LIMITS.themeLabel, `Vul een naam in van hoogstens ${LIMITS.themeLabel} tekens`],
      ...textRules({ label: [label, LIMITS.themeLabel] }),
    ]);
    // Two beheerders adding the same name at once both pass the check for a taken code; the primary key decides.
    await uniquely(
      () =>
        db.transaction().execute(async (trx) => {
          if (input.code) {
            const before = await trx.selectFrom('themes').selectAll().where('code', '=', input.code).executeTakeFirst();
            if (!before) throw new NotFoundError('Thema niet gevonden');
            await trx.updateTable('themes').set({ label, active: input.active }).where('code', '=', input.code).execute();
            await audit.record(trx, actor, {
              action: 'update',
              objectType: 'theme',
              objectId: input.code,
              changes: diff({ label: before.label, active: before.active }, { label, active: input.active }),
            });
            return;
          }
          const code = label
            .toLowerCase()
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-|-$/g, '')
            .slice(0, 40);
          const taken = await trx.selectFrom('themes').select('code').where('code', '=', code).executeTakeFirst();
          check([['label', Boolean(code) && !taken, 'Er is al een thema met deze naam']]);
          const last = await trx
            .selectFrom('themes')
            .select((eb) => eb.fn.max('position').as('p'))
            .executeTakeFirst();
          await trx
            .insertInto('themes')
            .values({ code, label, active: true, position: Number(last?.p ?? 0) + 1 })
            .execute();
          await audit.record(trx, actor, { action: 'create', objectType: 'theme', objectId: code, changes: diff({}, { label }) });
        }),
      { themes_pkey: ['label', 'Er is al een thema met deze naam'] },
    );
  }

  return { themes, allThemes, saveTheme, assess, assessment, consultationOf, recordConsultation, overdueConsultations };
}

export type AssessmentService = ReturnType<typeof assessmentService>;
