import type { Db } from '../db/connection';
import type { AuditService } from '../audit/auditService';
import type { Actor } from '../audit/types';
import type { Role } from '../auth/roles';
import { ForbiddenError } from '../common/errors';
import * as repo from './signalRepository';
import type { Signal } from './signal';
import type { SignalService } from './signalService';
import type { ContactService } from './followUp/contactService';

export interface Reader {
  id: string;
  roles: Role[];
}

const NOT_YOURS = 'U heeft geen toegang tot dit signaal. Inspecteurs zien alleen de signalen over aanbieders waaraan zij zijn toegewezen.';

/**
 * The one gate to a signal's content: the description, the reporter's messages and the contact-attempt notes hold
 * personal data of young people, so who may read it is decided here, and every read is written to the audit trail.
 */
export function signalReader(db: Db, audit: AuditService, signals: SignalService, contacts: ContactService) {
  /**
   * Meldpunt and managers handle every signal. An inspector reads the signals about providers they are assigned to,
   * and a signal whose JeugdzorgPlus consultation is theirs. Anyone else (a beheerder, another inspector) reads none.
   */
  async function canRead(user: Reader, signal: Pick<Signal, 'id'>): Promise<boolean> {
    if (user.roles.includes('meldpunt') || user.roles.includes('manager')) return true;
    if (!user.roles.includes('inspecteur')) return false;
    return repo.isInspectorOf(db, user.id, signal.id);
  }

  /** A staff member opens the signal: refused unless canRead, then everything personal it shows, as one audited read. */
  async function open(actor: Actor, user: Reader, id: string) {
    const signal = await signals.get(id);
    if (!(await canRead(user, signal))) throw new ForbiddenError(NOT_YOURS);
    const [contact, attempts, messages] = await Promise.all([
      contacts.contactDetails(actor, user.roles, id),
      contacts.attempts(id),
      contacts.messages(id),
    ]);
    const fields = [
      'summary',
      'description',
      'contactAttempts',
      ...(messages.length > 0 ? ['messages'] : []),
      ...(contact ? ['contact'] : []),
    ];
    await audit.recordRead(actor, 'signal', id, fields);
    return { signal, contact, attempts, messages };
  }

  /** An integration reads a signal over the API; the API client is the actor of the read. */
  async function openForApi(actor: Actor, id: string): Promise<Signal> {
    const signal = await signals.get(id);
    await audit.recordRead(actor, 'signal', id, ['summary', 'description']);
    return signal;
  }

  return { canRead, open, openForApi };
}

export type SignalReader = ReturnType<typeof signalReader>;
