import type { Db } from '../db/connection';
import type { AuditService } from '../audit/auditService';
import type { Actor } from '../audit/types';
import type { Role } from '../auth/roles';
import { ForbiddenError } from '../common/errors';
import * as repo from './reportRepository';
import type { MandatoryReport } from './types';

export interface Reader {
  id: string;
  roles: readonly Role[];
}

const NOT_YOURS =
  'U heeft geen toegang tot deze melding. Inspecteurs zien alleen de meldingen over aanbieders waaraan zij zijn toegewezen, en de meldingen die zij zelf registreerden.';

/** What a read of the report shows that may be personal: the audit entry names it. */
const fieldsRead = (r: MandatoryReport): string[] => ['summary', 'description', ...(r.decisionReasons ? ['decisionReasons'] : [])];

/**
 * The one gate to a report's content, in the spirit of signalReader: the summary, description and reasons can name
 * young people, so who may read them is decided here, and every read is written to the audit trail.
 */
export function reportReader(db: Db, audit: AuditService, get: (id: string) => Promise<MandatoryReport>) {
  /**
   * Meldpunt and managers read every report. An inspector reads the reports about providers they are assigned to,
   * as with signals, and the ones they registered themselves. Anyone else reads none.
   */
  async function canRead(user: Reader, report: Pick<MandatoryReport, 'providerId' | 'registeredBy'>): Promise<boolean> {
    if (user.roles.includes('meldpunt') || user.roles.includes('manager')) return true;
    if (!user.roles.includes('inspecteur')) return false;
    return report.registeredBy === user.id || repo.isInspectorOfProvider(db, user.id, report.providerId);
  }

  /** Managers decide on every report; an inspector on those they may read. */
  async function canDecide(user: Reader, report: Pick<MandatoryReport, 'providerId' | 'registeredBy'>): Promise<boolean> {
    if (user.roles.includes('manager')) return true;
    return user.roles.includes('inspecteur') && canRead(user, report);
  }

  /** A staff member opens the report: refused unless canRead, then one audited read of what it holds. */
  async function open(actor: Actor, user: Reader, id: string): Promise<MandatoryReport> {
    const report = await get(id);
    if (!(await canRead(user, report))) throw notYours();
    await audit.recordRead(actor, 'mandatory-report', id, fieldsRead(report));
    return report;
  }

  /** An integration reads a report over the API; the API client is the actor of the read. */
  async function openForApi(actor: Actor, id: string): Promise<MandatoryReport> {
    const report = await get(id);
    await audit.recordRead(actor, 'mandatory-report', id, fieldsRead(report));
    return report;
  }

  return { canRead, canDecide, open, openForApi };
}

/** Refused: the same words wherever a report is refused to an inspector. */
export const notYours = () => new ForbiddenError(NOT_YOURS);
