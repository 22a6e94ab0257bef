import type { Db } from '../../db/connection';
import type { Clock } from '../../clock';
import type { AuditService } from '../../audit/auditService';
import { diff } from '../../audit/auditService';
import type { Actor } from '../../audit/types';
import { NotFoundError, ValidationError, isUuid, textErrors } from '../../common/errors';
import { LIMITS } from '../../common/limits';
import * as repo from '../signalRepository';
import { REASON_WRITTEN, WRITTEN_CHANNELS, isYoungPerson } from '../types';
import { standardAnswerErrors, type StandardAnswers } from './standardQuestions';
import type { SignalAlerts } from './alerts';

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * In a written exchange the standard questions were asked in the message and are answered, or not, in the reply. The
 * contact itself is logged when the reporter reads or answers (contactService); staff then record here, per question,
 * what the reply said, or that it did not answer it. The contact's instant and norm outcome stay as they were.
 */
export function writtenAnswers(db: Db, clock: Clock, audit: AuditService, alerts: SignalAlerts) {
  async function record(actor: Actor, signalId: string, attemptId: string, input: StandardAnswers): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const s = isUuid(signalId) ? await repo.lock(trx, signalId) : undefined;
      if (!s) throw new NotFoundError('Signaal niet gevonden');
      const a = isUuid(attemptId)
        ? await trx.selectFrom('contact_attempts').selectAll().where('id', '=', attemptId).where('signal_id', '=', s.id).executeTakeFirst()
        : undefined;
      if (!a || !a.successful || !WRITTEN_CHANNELS.includes(a.channel))
        throw new ValidationError({ structuralUnsafety: 'Kies een geslaagd schriftelijk contact van dit signaal' });
      const errors = {
        ...textErrors({ notDiscussedReason: [input.notDiscussedReason, LIMITS.freeText] }),
        ...standardAnswerErrors(input, a.channel, isYoungPerson(s.reporter_type)),
      };
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
      const su = text(input.structuralUnsafety) || null;
      const bc = text(input.boundaryCrossing) || null;
      // A reason belongs to a question not discussed; with none of those, an earlier reason no longer stands.
      const reason = su === 'niet-besproken' || bc === 'niet-besproken' ? text(input.notDiscussedReason) || null : null;
      await trx
        .updateTable('contact_attempts')
        .set({ structural_unsafety: su, boundary_crossing: bc, not_discussed_reason: reason })
        .where('id', '=', a.id)
        .execute();
      const now = clock.now();
      await repo.addEvent(trx, s.id, now, 'contact-answers', actor.label, {
        attemptId: a.id,
        structuralUnsafety: su,
        boundaryCrossing: bc,
      });
      // The reason is free text that may name the young person: the audit trail says only that it was written.
      const written = (v: string | null) => (v ? REASON_WRITTEN : null);
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'contact-attempt',
        objectId: a.id,
        changes: diff(
          {
            structuralUnsafety: a.structural_unsafety,
            boundaryCrossing: a.boundary_crossing,
            notDiscussedReason: written(a.not_discussed_reason),
          },
          { structuralUnsafety: su, boundaryCrossing: bc, notDiscussedReason: written(reason) },
        ),
      });
      // Recording what the reply said is handling it: the "Nieuw bericht" marker goes, as after an answer.
      await alerts.reporterMessageHandled(trx, actor, s, now, 'gelezen');
    });
  }

  return { record };
}

export type WrittenAnswers = ReturnType<typeof writtenAnswers>;
