import type { Services } from '../composition';
import { get, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';
import { labels } from '../web/labels';
import { formatChanges } from '../web/format';
import { asText, options } from '../web/forms';
import { check, isUuid, textRules } from '../common/errors';
import { LIMITS } from '../common/limits';

const ADMIN = ['beheerder'] as const;

export const auditRoutes = (services: Services): RouteDef[] => [
  // Browse per object (type + id) or per user; without a filter the latest entries.
  get(paths.admin.audit, ADMIN, async (req, res) => {
    const filter = { objectType: asText(req.query.objectType), objectId: asText(req.query.objectId), actorId: asText(req.query.actorId) };
    check(textRules({ objectType: [filter.objectType, LIMITS.search], objectId: [filter.objectId, LIMITS.search] }));
    const validActor = isUuid(filter.actorId);
    const entries = await services.audit.find({
      objectType: filter.objectType || undefined,
      objectId: filter.objectId || undefined,
      actorId: validActor ? filter.actorId : undefined,
      limit: 200,
    });
    const users = await services.users.list();
    res.render('audit/list', {
      title: 'Audittrail',
      filter,
      userOptions: users.map((u) => ({ value: u.id, text: u.name, selected: u.id === filter.actorId })),
      objectTypeOptions: options(labels.auditObjects, filter.objectType),
      entries: entries.map((e) => ({
        ...e,
        actionLabel: labels.audit[e.action] ?? e.action,
        objectLabel: labels.auditObjects[e.objectType] ?? e.objectType,
        changesText: formatChanges(e.changes),
        objectHref: `${paths.admin.audit}?objectType=${encodeURIComponent(e.objectType)}&objectId=${encodeURIComponent(e.objectId)}`,
        actorHref: e.actorId ? `${paths.admin.audit}?actorId=${e.actorId}` : undefined,
      })),
    });
  }),
];
