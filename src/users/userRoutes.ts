import type { Request } from 'express';
import type { Services } from '../composition';
import { ROLES } from '../auth/roles';
import { get, post, type RouteDef } from '../web/routeTable';
import { fill, paths } from '../web/paths';
import { labels } from '../web/labels';
import { actorOf } from '../web/actor';
import { asList, asText, flash, options, renderInvalid } from '../web/forms';
import type { User } from './types';
import { actorTrailHref, trailHref } from '../audit/auditLinks';

const ADMIN = ['beheerder'] as const;
const roleTable = Object.fromEntries(ROLES.map((r) => [r, labels.roles[r]!]));

const userInput = (req: Request) => ({
  email: asText(req.body.email),
  name: asText(req.body.name),
  roles: asList(req.body.roles),
  team: asText(req.body.team),
});

const formData = (values: { roles: string[] }, extra: Record<string, unknown> = {}) => ({
  roleOptions: options(roleTable, values.roles),
  ...extra,
});

const row = (u: User) => ({
  ...u,
  href: fill(paths.admin.editUser, { id: u.id }),
  // Only beheerders reach these pages, and they are the ones who read the audit trail.
  auditHref: trailHref('user', u.id),
  actionsHref: actorTrailHref(u.id),
  roleNames: u.roles.map((r) => labels.roles[r]).join(', '),
});

export function userRoutes(services: Services): RouteDef[] {
  const { users } = services;
  return [
    get(paths.admin.users, ADMIN, async (_req, res) => {
      res.render('users/list', { title: 'Gebruikers', users: (await users.list()).map(row) });
    }),
    get(paths.admin.newUser, ADMIN, (_req, res) => {
      res.render('users/new', { title: 'Nieuwe gebruiker', values: {}, ...formData({ roles: [] }) });
    }),
    post(paths.admin.newUser, ADMIN, async (req, res) => {
      const input = { ...userInput(req), password: asText(req.body.password) };
      try {
        await users.create(actorOf(req), input);
      } catch (e) {
        return renderInvalid(res, 'users/new', { title: 'Nieuwe gebruiker', ...formData(input) }, e, { ...input, password: '' });
      }
      flash(res, `Gebruiker ${input.name} is aangemaakt.`);
      res.redirect(303, paths.admin.users);
    }),
    get(paths.admin.editUser, ADMIN, async (req, res) => {
      const u = await users.get(String(req.params.id));
      res.render('users/edit', { title: `Gebruiker ${u.name}`, target: row(u), values: u, ...formData(u) });
    }),
    post(paths.admin.editUser, ADMIN, async (req, res) => {
      const u = await users.get(String(req.params.id));
      const input = userInput(req);
      try {
        await users.update(actorOf(req), u.id, input);
      } catch (e) {
        return renderInvalid(res, 'users/edit', { title: `Gebruiker ${u.name}`, target: row(u), ...formData(input) }, e, input);
      }
      flash(res, 'De gegevens zijn opgeslagen.');
      res.redirect(303, fill(paths.admin.editUser, { id: u.id }));
    }),
    post(paths.admin.userActive, ADMIN, async (req, res) => {
      const u = await users.get(String(req.params.id));
      const active = req.body.active === 'true';
      try {
        await users.setActive(actorOf(req), u.id, active);
      } catch (e) {
        return renderInvalid(res, 'users/edit', { title: `Gebruiker ${u.name}`, target: row(u), ...formData(u) }, e, u);
      }
      flash(res, active ? 'De gebruiker is weer actief.' : 'De gebruiker is gedeactiveerd en kan niet meer inloggen.');
      res.redirect(303, fill(paths.admin.editUser, { id: u.id }));
    }),
    post(paths.admin.userPassword, ADMIN, async (req, res) => {
      const u = await users.get(String(req.params.id));
      try {
        await users.resetPassword(actorOf(req), u.id, asText(req.body.password));
      } catch (e) {
        return renderInvalid(res, 'users/edit', { title: `Gebruiker ${u.name}`, target: row(u), ...formData(u) }, e, u);
      }
      flash(res, 'Het wachtwoord is opnieuw ingesteld. De gebruiker krijgt daarover een e-mail (zonder wachtwoord).');
      res.redirect(303, fill(paths.admin.editUser, { id: u.id }));
    }),
  ];
}
