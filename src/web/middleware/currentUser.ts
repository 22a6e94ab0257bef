import type { RequestHandler } from 'express';
import { paths } from '../paths';
import { labels } from '../labels';
import type { Role } from '../../auth/roles';

interface NavItem {
  href: string;
  text: string;
  roles?: readonly Role[];
}

const NAV: NavItem[] = [
  { href: paths.home, text: labels.nav.home },
  { href: paths.signals.queue, text: labels.nav.queue, roles: ['meldpunt', 'manager'] },
  { href: paths.signals.new, text: labels.nav.newSignal, roles: ['meldpunt', 'manager'] },
  { href: paths.signals.list, text: labels.nav.signals, roles: ['meldpunt', 'manager', 'inspecteur'] },
  { href: paths.consultations, text: labels.nav.consultations, roles: ['inspecteur', 'manager'] },
  { href: paths.patterns.list, text: labels.nav.patterns, roles: ['inspecteur', 'manager'] },
  { href: paths.risk, text: labels.nav.risk, roles: ['inspecteur', 'manager'] },
  { href: paths.mandatoryReports.list, text: labels.nav.mandatoryReports, roles: ['inspecteur', 'meldpunt', 'manager'] },
  { href: paths.followUpReport, text: labels.nav.report, roles: ['manager'] },
  { href: paths.providers.list, text: labels.nav.providers },
  { href: paths.providers.import, text: labels.nav.import, roles: ['inspecteur', 'beheerder'] },
  { href: paths.admin.users, text: labels.nav.users, roles: ['beheerder'] },
  { href: paths.admin.audit, text: labels.nav.audit, roles: ['beheerder'] },
  { href: paths.admin.outbox, text: labels.nav.outbox, roles: ['beheerder'] },
  { href: paths.admin.norms, text: labels.nav.norms, roles: ['beheerder'] },
  { href: paths.admin.themes, text: labels.nav.themes, roles: ['beheerder'] },
  { href: paths.admin.patternRules, text: labels.nav.patternRules, roles: ['beheerder'] },
];

/** Puts the user, their role names, the navigation for their roles and a one-off flash message on the view. */
export const currentUser: RequestHandler = (req, res, next) => {
  res.locals.paths = paths;
  const user = req.user;
  if (user) {
    res.locals.user = { name: user.name, roleNames: user.roles.map((r) => labels.roles[r]).join(', ') };
    const items = NAV.filter((i) => !i.roles || i.roles.some((r) => user.roles.includes(r)));
    // One item is current: the longest that leads here (/aanbieders/importeren is Importeren, not also Aanbieders).
    const matches = (href: string) => (href === '/' ? req.path === '/' : req.path === href || req.path.startsWith(`${href}/`));
    const current = items.filter((i) => matches(i.href)).sort((a, b) => b.href.length - a.href.length)[0];
    res.locals.nav = items.map((i) => ({ ...i, current: i === current }));
  }
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  next();
};
