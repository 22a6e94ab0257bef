import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import type { AuditService } from '../audit/auditService';
import { diff } from '../audit/auditService';
import type { Actor, FieldChanges } from '../audit/types';
import { ForbiddenError, NotFoundError, ValidationError, isUuid, type FieldErrors } from '../common/errors';
import { claim, settle, type IdempotencyKey } from '../common/idempotency';
import { amsterdamDay } from '../common/time';
import { clampPage, PAGE_SIZE } from '../web/paging';
import { resolvePlace } from '../signals/intake/place';
import { REASON_WRITTEN } from '../signals/types';
import * as repo from './reportRepository';
import { decisionErrors, validateReport } from './reportValidation';
import type { ReportFilter } from './reportFilter';
import type { DecisionInput, MandatoryReport, ReportInput } from './types';
import { reportDueAt, toReport } from './report';
import { notYours, reportReader, type Reader } from './reportReader';
import type { PatternService } from '../patterns/patternService';

const PLACE_KEYS = ['providerId', 'locationId', 'unitId'] as const;

/** The reasons are free text that may name a young person: the audit trail records that they changed, not what they say. */
function withoutText(changes: FieldChanges): FieldChanges {
  const c = changes.decisionReasons;
  if (!c) return changes;
  return { ...changes, decisionReasons: { before: c.before ? REASON_WRITTEN : null, after: c.after ? REASON_WRITTEN : null } };
}

/**
 * Mandatory reports: registration (form and API), reading (one gate, every read audited), the follow-up decision
 * and the list. A report's description can name young people, so it is read like a signal.
 */
export function reportService(db: Db, clock: Clock, audit: AuditService, patterns: Pick<PatternService, 'afterNewItem'>) {
  const themes = () => db.selectFrom('themes').select(['code', 'label']).where('active', '=', true).orderBy('position').execute();

  async function get(id: string): Promise<MandatoryReport> {
    const r = isUuid(id) ? await repo.findById(db, id) : undefined;
    if (!r) throw new NotFoundError('Melding niet gevonden');
    return toReport(r);
  }
  const reader = reportReader(db, audit, get);

  /**
   * Registers a report: its place (unit within location within provider), whether it concerns closed care, its due
   * instant and lateness, and the decision if one is given, saved with its audit entry in one transaction.
   */
  async function register(
    actor: Actor,
    input: ReportInput,
    opts: { via: 'ui' | 'api'; idempotency?: IdempotencyKey },
  ): Promise<{ report: MandatoryReport; replayed?: boolean }> {
    const now = clock.now();
    const known = new Set((await themes()).map((t) => t.code));
    const { errors, value } = validateReport(input, now, known);
    const ids: Record<(typeof PLACE_KEYS)[number], string | undefined> = {
      providerId: undefined,
      locationId: undefined,
      unitId: undefined,
    };
    for (const key of PLACE_KEYS) {
      const v = input[key];
      if (typeof v === 'string' && v !== '') ids[key] = v;
      else if (v !== undefined && v !== null && v !== '') errors[key] = 'Onbekende aanbieder, locatie of groep';
    }
    const placeErrors: FieldErrors = {};
    const place = PLACE_KEYS.some((k) => errors[k]) ? undefined : await resolvePlace(db, ids, placeErrors);
    Object.assign(errors, placeErrors);
    // The API's contract names the provider always; the form may choose a unit or location alone.
    if (opts.via === 'api' && !ids.providerId && !errors.providerId) errors.providerId = 'Vul de aanbieder in (providerId)';
    else if (place && !place.providerId && Object.keys(placeErrors).length === 0) errors.providerId = 'Kies de aanbieder';
    const closedCare = place?.concernsClosedCare ?? false;
    for (const [k, m] of Object.entries(decisionErrors(input.decision, input.decisionReasons, { death: value.death, closedCare })))
      errors[k] ??= m;
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);

    const due = reportDueAt(value.occurredAt);
    const late = value.reportedAt > due;
    const created = await db.transaction().execute(async (trx) => {
      // The same request again (its answer was lost on the way): the report the first one made, nothing new.
      const earlier = opts.idempotency && (await claim(trx, opts.idempotency, now));
      if (earlier) return { replayOf: earlier };
      const r = await repo.insert(trx, {
        reference: await repo.nextReference(trx, Number(amsterdamDay(now).slice(0, 4))),
        kind: value.kind,
        occurred_at: value.occurredAt,
        reported_at: value.reportedAt,
        registered_at: now,
        registered_by: actor.userId,
        registered_via: opts.via,
        provider_id: place!.providerId!,
        location_id: place!.locationId,
        unit_id: place!.unitId,
        young_people_involved: value.youngPeopleInvolved,
        death: value.death,
        closed_care: closedCare,
        summary: value.summary,
        description: value.description,
        themes: value.themes,
        due_at: due,
        late,
        decision: value.decision,
        decision_reasons: value.decision ? value.decisionReasons : null,
        decided_by: value.decision ? actor.userId : null,
        decided_at: value.decision ? now : null,
        updated_at: now,
      });
      if (opts.idempotency) await settle(trx, opts.idempotency, r.id);
      // Last, because appending to the audit chain holds its lock until commit. What was decided, not what was
      // written: the summary, description and reasons can name young people.
      await audit.record(trx, actor, {
        action: 'create',
        objectType: 'mandatory-report',
        objectId: r.id,
        changes: diff(
          {},
          {
            reference: r.reference,
            kind: r.kind,
            occurredAt: r.occurred_at.toISOString(),
            reportedAt: r.reported_at.toISOString(),
            dueAt: r.due_at.toISOString(),
            late: r.late,
            providerId: r.provider_id,
            locationId: r.location_id,
            unitId: r.unit_id,
            closedCare: r.closed_care,
            youngPeopleInvolved: r.young_people_involved,
            death: r.death,
            themes: r.themes,
            decision: r.decision,
            decisionReasons: r.decision_reasons ? REASON_WRITTEN : null,
          },
        ),
      });
      return r;
    });
    if ('replayOf' in created) return { report: await get(created.replayOf), replayed: true };
    // After the commit: a report may complete a cluster, or be the one a missing-report alert waits for.
    await patterns.afterNewItem({
      kind: 'report',
      id: created.id,
      providerId: created.provider_id,
      locationId: created.location_id,
      unitId: created.unit_id,
    });
    return { report: await get(created.id) };
  }

  /** Records (or changes) the IGJ's follow-up decision, with its reasons; a death in closed care allows only one. */
  async function decide(actor: Actor, user: Reader, id: string, input: DecisionInput): Promise<MandatoryReport> {
    const report = await get(id);
    if (!(await reader.canDecide(user, report))) throw notYours();
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const before = await repo.lock(trx, id);
      if (!before) throw new NotFoundError('Melding niet gevonden');
      const errors = decisionErrors(input.decision, input.decisionReasons, { death: before.death, closedCare: before.closed_care });
      if (!input.decision && !errors.decision) errors.decision = 'Kies een besluit';
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const reasons = String(input.decisionReasons).trim();
      await repo.updateDecision(trx, id, {
        decision: input.decision as MandatoryReport['decision'],
        decision_reasons: reasons,
        decided_by: actor.userId,
        decided_at: now,
        updated_at: now,
      });
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'mandatory-report',
        objectId: id,
        changes: withoutText(
          diff(
            { decision: before.decision, decidedBy: before.decided_by, decisionReasons: before.decision_reasons },
            { decision: input.decision, decidedBy: actor.userId, decisionReasons: reasons },
          ),
        ),
      });
    });
    return get(id);
  }

  /** One page of the list, within what the user may read; past the last page, the last page. */
  async function search(user: Reader, f: ReportFilter, size = PAGE_SIZE) {
    const readsAll = user.roles.includes('meldpunt') || user.roles.includes('manager');
    if (!readsAll && !user.roles.includes('inspecteur')) throw new ForbiddenError('Uw rol geeft geen toegang tot meldingen.');
    const scope: repo.ReportScope = readsAll ? { kind: 'all' } : { kind: 'inspector', userId: user.id };
    const at = (page: number) => ({ offset: (page - 1) * size, limit: size });
    let found = await repo.search(db, f, scope, at(f.page));
    const page = clampPage(f.page, found.total, size);
    if (page !== f.page) found = await repo.search(db, f, scope, at(page));
    return { ...found, page, onlyOwn: !readsAll };
  }

  return { themes, get, ...reader, register, decide, search };
}

export type ReportService = ReturnType<typeof reportService>;
