import type { Db } from '../db/connection';
import type { SignalRow } from '../db/database';
import type { Clock } from '../clock';
import type { AuditService } from '../audit/auditService';
import { diff } from '../audit/auditService';
import type { Actor } from '../audit/types';
import { NotFoundError, ValidationError, check, isUuid } from '../common/errors';
import * as repo from './signalRepository';
import * as dup from './duplicateRepository';
import { isClosedStatus } from './types';

export const REFERENCE_FORMAT = /^S-\d{4}-\d{6}$/;
const FIELD = 'originalReference';
const refuse = (message: string): never => {
  throw new ValidationError({ [FIELD]: message });
};

/**
 * How many different people reported, among signals about one matter: signals sharing an e-mail address or a phone
 * number come from one reporter; a signal without either (anonymous, or its details removed) is a reporter of its own.
 */
export function countReporters(signals: ReadonlyArray<{ keys: readonly string[] }>): number {
  const parent = signals.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const owner = new Map<string, number>();
  signals.forEach((s, i) => {
    for (const k of s.keys) {
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else parent[root(i)] = root(j);
    }
  });
  return signals.filter((_, i) => root(i) === i).length;
}

/**
 * A signal marked as a duplicate points at its original; both stay. The duplicate leaves the work queue, deadline
 * enforcement and the report's counts, but its reporter still counts as a reporter of the original (reportersOf).
 * Duplicates are one level deep: an original is never itself a duplicate, so no chain or cycle can form.
 */
export function duplicateService(db: Db, clock: Clock, audit: AuditService, reschedule: (r: SignalRow, now: Date) => Promise<void>) {
  async function mark(actor: Actor, id: string, reference: string): Promise<void> {
    if (!isUuid(id)) throw new NotFoundError('Signaal niet gevonden');
    const ref = reference.trim().toUpperCase();
    check([
      [FIELD, ref.length > 0, 'Vul het kenmerk van het oorspronkelijke signaal in, bijvoorbeeld S-2026-000123'],
      [FIELD, REFERENCE_FORMAT.test(ref), 'Een kenmerk ziet eruit als S-2026-000123: S, het jaar en zes cijfers'],
    ]);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const target = (await dup.findByReference(trx, ref)) ?? refuse(`Er is geen signaal met kenmerk ${ref}`);
      if (target.id === id) refuse('Een signaal kan geen dubbel van zichzelf zijn');
      const [self, original] = await dup.lockPair(trx, id, target.id);
      if (!self) throw new NotFoundError('Signaal niet gevonden');
      if (!original) return refuse(`Er is geen signaal met kenmerk ${ref}`);
      if (self.duplicate_of)
        refuse(`Dit signaal is al gemarkeerd als dubbel van ${(await dup.referenceOf(trx, self.duplicate_of))?.reference}`);
      if (original.duplicate_of) {
        const first = (await dup.referenceOf(trx, original.duplicate_of))?.reference;
        refuse(`${ref} is zelf een dubbel van ${first}. Markeer dit signaal als dubbel van ${first}`);
      }
      const own = await dup.duplicatesOf(trx, id);
      if (own.length > 0)
        refuse(`Dit signaal heeft zelf dubbele meldingen (${own.map((d) => d.reference).join(', ')}) en kan daarom geen dubbel zijn`);
      // A new signal about something already closed is a case of its own: nobody would follow it up as a duplicate.
      if (isClosedStatus(original.status))
        refuse(
          `${original.reference} is afgesloten. Een nieuw signaal over iets wat al is afgesloten is geen dubbel: behandel het als eigen signaal`,
        );
      await repo.update(trx, id, { duplicate_of: original.id, updated_at: now });
      // The urgency goes with the case: the original is followed up, so it must be first in the queue now.
      if (self.urgent_at && !original.urgent_at) {
        await repo.update(trx, original.id, { urgent_at: self.urgent_at, updated_at: now });
        await repo.addEvent(trx, original.id, now, 'urgent', actor.label, { why: 'dubbel', duplicate: self.reference });
        await audit.record(trx, actor, {
          action: 'update',
          objectType: 'signal',
          objectId: original.id,
          changes: diff({ urgentAt: null }, { urgentAt: self.urgent_at.toISOString() }),
        });
      }
      await repo.addEvent(trx, id, now, 'duplicate-marked', actor.label, { original: original.reference });
      await repo.addEvent(trx, original.id, now, 'duplicate-added', actor.label, { duplicate: self.reference });
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'signal',
        objectId: id,
        changes: diff({ duplicateOf: null }, { duplicateOf: original.reference }),
      });
    });
  }

  /** A manager undoes a marking: the signal is a case of its own again, back in the queue with its deadline. */
  async function unmark(actor: Actor, id: string): Promise<void> {
    if (!isUuid(id)) throw new NotFoundError('Signaal niet gevonden');
    const now = clock.now();
    const updated = await db.transaction().execute(async (trx) => {
      const self = await repo.lock(trx, id);
      if (!self) throw new NotFoundError('Signaal niet gevonden');
      if (!self.duplicate_of) throw new ValidationError({ duplicate: 'Dit signaal is niet gemarkeerd als dubbel' });
      const original = await dup.referenceOf(trx, self.duplicate_of);
      const after = await repo.update(trx, id, { duplicate_of: null, updated_at: now });
      await repo.addEvent(trx, id, now, 'duplicate-unmarked', actor.label, { original: original?.reference });
      await repo.addEvent(trx, self.duplicate_of, now, 'duplicate-removed', actor.label, { duplicate: self.reference });
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'signal',
        objectId: id,
        changes: diff({ duplicateOf: original?.reference ?? null }, { duplicateOf: null }),
      });
      return after;
    });
    // Enforcement skipped it while it was a duplicate; an overdue one is breached now (the sweep would, within a minute).
    await reschedule(updated, now);
  }

  /** What the signal page shows: the original of a duplicate, or the duplicates of an original. */
  async function links(id: string): Promise<{ of: dup.SignalRef | null; duplicates: dup.SignalRef[] }> {
    const self = await repo.findById(db, id);
    if (!self) throw new NotFoundError('Signaal niet gevonden');
    if (self.duplicate_of) return { of: (await dup.referenceOf(db, self.duplicate_of)) ?? null, duplicates: [] };
    return { of: null, duplicates: await dup.duplicatesOf(db, id) };
  }

  /** The signals about one matter (an original and its duplicates) and how many different people reported it. */
  async function reportersOf(id: string): Promise<{ signals: number; reporters: number }> {
    const self = isUuid(id) ? await repo.findById(db, id) : undefined;
    if (!self) throw new NotFoundError('Signaal niet gevonden');
    const group = await dup.reporterKeys(db, self.duplicate_of ?? self.id);
    return { signals: group.length, reporters: countReporters(group) };
  }

  return { mark, unmark, links, reportersOf };
}

export type DuplicateService = ReturnType<typeof duplicateService>;
