import type { Services } from '../composition';
import { NotFoundError } from '../common/errors';
import { get, type RouteDef } from '../web/routeTable';
import { fill, paths } from '../web/paths';
import { labels } from '../web/labels';

const ADMIN = ['beheerder'] as const;

export const outboxRoutes = (services: Services): RouteDef[] => [
  get(paths.admin.outbox, ADMIN, async (req, res) => {
    // ?status=failed (the home page's link): only that status; a status that does not exist filters nothing.
    const status =
      typeof req.query.status === 'string' && Object.hasOwn(labels.mailStatus, req.query.status) ? req.query.status : undefined;
    const mails = await services.mail.list(200, status);
    res.render('mail/outbox', {
      title: 'Uitgaande mail',
      statusLabel: status && labels.mailStatus[status],
      smtp: Boolean(services.config.smtpUrl),
      mails: mails.map((m) => ({
        ...m,
        href: fill(paths.admin.outboxMail, { id: m.id }),
        statusLabel: labels.mailStatus[m.status] ?? m.status,
      })),
    });
  }),
  get(paths.admin.outboxMail, ADMIN, async (req, res) => {
    const mail = await services.mail.get(String(req.params.id));
    if (!mail) throw new NotFoundError('Mail niet gevonden');
    // The text version is shown: the HTML body is ours, but showing it as text needs no trust at all.
    res.render('mail/show', { title: mail.subject, mail, statusLabel: labels.mailStatus[mail.status] ?? mail.status });
  }),
];
