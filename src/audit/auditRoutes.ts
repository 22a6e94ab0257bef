import type { Request } from 'express';
import type { Services } from '../composition';
import { get, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';
import { labels } from '../web/labels';
import { formatDateTime } from '../web/format';
import { asText, options, renderInvalid } from '../web/forms';
import { check, isUuid, textRules } from '../common/errors';
import { isIsoDay } from '../common/time';
import { LIMITS } from '../common/limits';
import { PAGE_SIZE, type Trail } from './auditTrail';
import { actionText, changeLines, objectText, pager, type TrailParams } from './auditViews';
import { AUDIT_READERS, actorTrailHref, trailHref } from './auditLinks';

const SUBJECT_NOTES: Record<string, string> = {
  signal: 'Met de contactpogingen, de beoordeling, de afstemming, de berichten en elke inzage van dit signaal.',
  provider: 'Met de locaties, groepen en statussen van deze aanbieder.',
  user: 'Wijzigingen aan deze gebruiker en de inlogpogingen.',
};

function params(req: Request): TrailParams {
  const actorId = asText(req.query.actorId);
  return {
    objectType: asText(req.query.objectType),
    objectId: asText(req.query.objectId).trim(),
    // A user that is not one of the choices filters nothing, rather than reaching the query.
    actorId: isUuid(actorId) ? actorId : '',
    from: asText(req.query.from),
    to: asText(req.query.to),
  };
}

function validate(p: TrailParams): void {
  check([
    ...textRules({ objectId: [p.objectId, LIMITS.search] }),
    ['objectType', p.objectType === '' || Object.hasOwn(labels.auditObjects, p.objectType), 'Kies een soort uit de lijst'],
    ['from', p.from === '' || isIsoDay(p.from), 'Vul een geldige datum in, zoals 2026-11-23'],
    ['to', p.to === '' || isIsoDay(p.to), 'Vul een geldige datum in, zoals 2026-11-23'],
    ['to', !(isIsoDay(p.from) && isIsoDay(p.to)) || p.from <= p.to, 'De einddatum ligt vóór de begindatum'],
  ]);
}

const entryRows = (t: Trail) =>
  t.entries.map((e) => ({
    id: e.id,
    when: formatDateTime(e.at),
    actorLabel: e.actorLabel,
    actorHref: e.actorId ? actorTrailHref(e.actorId) : undefined,
    actionLabel: actionText(e.action),
    objectLabel: objectText(e.objectType),
    objectName: t.names.get(e.objectId) ?? e.objectId,
    objectHref: trailHref(e.objectType, e.objectId),
    changes: changeLines(e.action, e.changes, t.names),
    requestId: e.requestId,
  }));

/** The audit trail: per object (a signal by id or reference, a provider, a user), per user and per period, paged. */
export const auditRoutes = (services: Services): RouteDef[] => [
  get(paths.admin.audit, AUDIT_READERS, async (req, res) => {
    const p = params(req);
    const page = Math.min(1_000_000, Math.max(1, Number.parseInt(asText(req.query.pagina), 10) || 1));
    const users = await services.users.list();
    const view = {
      title: 'Audittrail',
      values: p,
      errors: {},
      userOptions: users.map((u) => ({ value: u.id, text: u.name, selected: u.id === p.actorId })),
      objectTypeOptions: options(labels.auditObjects, p.objectType),
    };
    try {
      validate(p);
    } catch (e) {
      return renderInvalid(res, 'audit/list', { ...view, entries: [] }, e, p);
    }
    const trail = await services.audit.trail({ ...p, page });
    const subject = trail.subject;
    res.render('audit/list', {
      ...view,
      title: subject ? `Audittrail van ${objectText(subject.type)} ${subject.name}` : 'Audittrail',
      subject: subject && { ...subject, label: objectText(subject.type), note: SUBJECT_NOTES[subject.type] },
      unknown: trail.unknown,
      entries: entryRows(trail),
      pager: pager(paths.admin.audit, p, trail.page, PAGE_SIZE, trail.total),
    });
  }),
];
