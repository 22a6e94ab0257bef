import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import type { Services } from '../composition';
import { NotFoundError, ValidationError } from '../common/errors';
import { EVERYONE_LOGGED_IN, get, post, type RouteDef } from '../web/routeTable';
import { fill, paths } from '../web/paths';
import { labels } from '../web/labels';
import { actorOf } from '../web/actor';
import { asList, asText, flash, options, renderInvalid } from '../web/forms';
import { CARE_TYPES, PROVIDER_TYPES, STATUS_KINDS, isCareType } from './types';
import { inspectorChangeText, providerPage, providerRow } from './providerViews';
import { CSV_CARE_TYPES, CSV_COLUMNS } from './csvImport';
import { uploadMessage } from '../web/clientErrors';
import { providerSignals } from '../signals/search/providerSignals';
import { providerReportLinks } from '../reports/reportViews';
import { auditTrailHref } from '../audit/auditLinks';
import { clampPage, hrefWith, pageNumber, pager } from '../web/paging';
import { TIMELINE_READERS } from '../timeline/timelineRoutes';
import { monthlySection, periodProblem } from './monthlyRoutes';

const EDITORS = ['inspecteur', 'beheerder'] as const;
const PROVIDER_LIST_SIZE = 50;
// Assignment decides who reads a provider's signals, so an inspector never assigns (themself or anyone).
const ASSIGNERS = ['manager', 'beheerder'] as const;
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 20, parts: 25, fieldSize: 10_000 },
});
// A file too large, a second file or one under another field name is bad input, not a server fault: it is kept for
// the handler, which shows it beside the file field (after the CSRF check, which reads the fields parsed so far).
const uploadOne: RequestHandler = (req, res, next) => {
  upload.single('file')(req, res, (err?: unknown) => {
    if (err) res.locals.uploadError = uploadMessage(err);
    req.body ??= {};
    next();
  });
};

const providerInput = (req: Request) => ({
  name: asText(req.body.name),
  kvkNumber: asText(req.body.kvkNumber),
  type: asText(req.body.type),
});
const locationInput = (req: Request) => ({
  name: asText(req.body.name),
  address: asText(req.body.address),
  municipality: asText(req.body.municipality),
  region: asText(req.body.region),
});
const unitInput = (req: Request) => ({ name: asText(req.body.name), careType: asText(req.body.careType), places: asText(req.body.places) });
const id = (req: Request, name = 'id') => String(req.params[name]);

export function providerRoutes(services: Services): RouteDef[] {
  const { providers, users } = services;
  const canEdit = (req: Request) => req.user!.roles.some((r) => (EDITORS as readonly string[]).includes(r));
  const canAssign = (req: Request) => req.user!.roles.some((r) => (ASSIGNERS as readonly string[]).includes(r));
  const inspectorOptions = async (selected: string[]) =>
    (await users.withRole('inspecteur')).map((u) => ({ value: u.id, text: u.name, selected: selected.includes(u.id) }));

  async function showPage(req: Request, extra: Record<string, unknown> = {}) {
    const p = await providers.get(id(req));
    return {
      ...providerPage(p),
      canEdit: canEdit(req),
      canAssign: canAssign(req),
      showTimeline: req.user!.roles.some((r) => (TIMELINE_READERS as readonly string[]).includes(r)),
      auditHref: auditTrailHref(req.user!.roles, 'provider', p.id),
      inspectorOptions: await inspectorOptions(p.inspectors.map((i) => i.id)),
      statusKindOptions: options(STATUS_KINDS, undefined),
      signals: await providerSignals(services, req, p.id),
      reportLinks: providerReportLinks(req.user!.roles, p.id),
      monthly: await monthlySection(services, req, { providerId: p.id }, fill(paths.providers.show, { id: p.id })),
      values: {},
      ...extra,
    };
  }

  return [
    get(paths.providers.list, EVERYONE_LOGGED_IN, async (req, res) => {
      const q = asText(req.query.q);
      // A care type that is not in the table filters nothing, rather than reaching the query.
      const asked = asText(req.query.careType);
      const careType = isCareType(asked) ? asked : undefined;
      const total = await providers.count(q, { careType });
      // Past the last page (an old link, a list that shrank): the last page instead of an empty one.
      const page = clampPage(pageNumber(req.query.page), total, PROVIDER_LIST_SIZE);
      const found = await providers.search(q, { careType }, { offset: (page - 1) * PROVIDER_LIST_SIZE, limit: PROVIDER_LIST_SIZE });
      res.render('providers/list', {
        title: 'Aanbieders',
        q,
        careTypeLabel: careType && CARE_TYPES[careType],
        careTypeOptions: options(CARE_TYPES, careType),
        providers: found.map(providerRow),
        count: total,
        countText: new Intl.NumberFormat('nl-NL').format(total),
        pager: pager(total, page, (n) => hrefWith(paths.providers.list, { q, careType, page: n > 1 ? n : undefined }), PROVIDER_LIST_SIZE),
        canEdit: canEdit(req),
      });
    }),
    get(paths.providers.new, EDITORS, (_req, res) => {
      res.render('providers/new', { title: 'Nieuwe aanbieder', values: {}, typeOptions: options(PROVIDER_TYPES, 'jeugdhulpaanbieder') });
    }),
    post(paths.providers.new, EDITORS, async (req, res) => {
      const input = providerInput(req);
      let created;
      try {
        created = await providers.create(actorOf(req), { ...input, locations: [] });
      } catch (e) {
        return renderInvalid(
          res,
          'providers/new',
          { title: 'Nieuwe aanbieder', typeOptions: options(PROVIDER_TYPES, input.type) },
          e,
          input,
        );
      }
      flash(res, `${created.name} is toegevoegd. Voeg nu de locaties toe.`);
      res.redirect(303, fill(paths.providers.show, { id: created.id }));
    }),
    get(paths.providers.import, EDITORS, (_req, res) => {
      res.render('providers/import', { title: 'Aanbieders importeren', columns: CSV_COLUMNS.join(';'), careTypes: CSV_CARE_TYPES });
    }),
    post(
      paths.providers.import,
      EDITORS,
      async (req, res) => {
        const view = { title: 'Aanbieders importeren', columns: CSV_COLUMNS.join(';'), careTypes: CSV_CARE_TYPES };
        try {
          if (res.locals.uploadError) throw new ValidationError({ file: res.locals.uploadError as string });
          if (!req.file) throw new ValidationError({ file: 'Kies een CSV-bestand' });
          const report = await services.importCsv(actorOf(req), req.file.buffer.toString('utf8'));
          res.render('providers/import', { ...view, report });
        } catch (e) {
          renderInvalid(res, 'providers/import', view, e, {});
        }
      },
      [uploadOne],
    ),
    get(paths.providers.show, EVERYONE_LOGGED_IN, async (req, res) => {
      const page = await showPage(req);
      const { status, ...problem } = periodProblem(page.monthly, page.title);
      res.status(status).render('providers/show', { ...page, ...problem });
    }),
    get(paths.providers.edit, EDITORS, async (req, res) => {
      const p = await providers.get(id(req));
      res.render('providers/edit', { title: `${p.name} bewerken`, provider: p, values: p, typeOptions: options(PROVIDER_TYPES, p.type) });
    }),
    post(paths.providers.edit, EDITORS, async (req, res) => {
      const p = await providers.get(id(req));
      const input = providerInput(req);
      try {
        await providers.update(actorOf(req), p.id, input);
      } catch (e) {
        return renderInvalid(
          res,
          'providers/edit',
          { title: `${p.name} bewerken`, provider: p, typeOptions: options(PROVIDER_TYPES, input.type) },
          e,
          input,
        );
      }
      flash(res, 'De gegevens van de aanbieder zijn opgeslagen.');
      res.redirect(303, fill(paths.providers.show, { id: p.id }));
    }),
    post(paths.providers.inspectors, ASSIGNERS, async (req, res) => {
      const chosen = asList(req.body.inspectors);
      const allowed = new Set((await users.withRole('inspecteur')).map((u) => u.id));
      let change;
      try {
        change = await providers.setInspectors(actorOf(req), id(req), chosen, allowed);
      } catch (e) {
        return renderInvalid(res, 'providers/show', await showPage(req, { inspectorOptions: await inspectorOptions(chosen) }), e, {});
      }
      flash(res, inspectorChangeText(change));
      res.redirect(303, fill(paths.providers.show, { id: id(req) }));
    }),
    post(paths.providers.statuses, EDITORS, async (req, res) => {
      const input = {
        kind: asText(req.body.kind),
        startsOn: asText(req.body.startsOn),
        endsOn: asText(req.body.endsOn),
        note: asText(req.body.note),
      };
      try {
        await providers.addStatus(actorOf(req), id(req), input);
      } catch (e) {
        return renderInvalid(
          res,
          'providers/show',
          await showPage(req, { statusKindOptions: options(STATUS_KINDS, input.kind) }),
          e,
          input,
        );
      }
      flash(res, `${labels.statusKinds[input.kind]} is vastgelegd.`);
      res.redirect(303, fill(paths.providers.show, { id: id(req) }));
    }),
    post(paths.providers.endStatus, EDITORS, async (req, res) => {
      try {
        await providers.endStatus(actorOf(req), id(req), id(req, 'statusId'), asText(req.body.endsOn));
      } catch (e) {
        return renderInvalid(res, 'providers/show', await showPage(req), e, {});
      }
      flash(res, 'De einddatum is vastgelegd.');
      res.redirect(303, fill(paths.providers.show, { id: id(req) }));
    }),
    get(paths.providers.newLocation, EDITORS, async (req, res) => {
      const p = await providers.get(id(req));
      res.render('providers/location', {
        title: `Nieuwe locatie — ${p.name}`,
        provider: p,
        values: {},
        action: fill(paths.providers.newLocation, { id: p.id }),
      });
    }),
    post(paths.providers.newLocation, EDITORS, async (req, res) => {
      const p = await providers.get(id(req));
      const input = locationInput(req);
      try {
        await providers.addLocation(actorOf(req), p.id, input);
      } catch (e) {
        return renderInvalid(
          res,
          'providers/location',
          { title: `Nieuwe locatie — ${p.name}`, provider: p, action: fill(paths.providers.newLocation, { id: p.id }) },
          e,
          input,
        );
      }
      flash(res, `Locatie ${input.name} is toegevoegd.`);
      res.redirect(303, fill(paths.providers.show, { id: p.id }));
    }),
    get(paths.providers.editLocation, EDITORS, async (req, res) => {
      const p = await providers.get(id(req));
      const loc = p.locations.find((l) => l.id === id(req, 'locationId'));
      if (!loc) throw new NotFoundError('Locatie niet gevonden');
      res.render('providers/location', {
        title: `Locatie ${loc.name} bewerken`,
        provider: p,
        values: loc,
        action: fill(paths.providers.editLocation, { id: p.id, locationId: loc.id }),
      });
    }),
    post(paths.providers.editLocation, EDITORS, async (req, res) => {
      const p = await providers.get(id(req));
      const input = locationInput(req);
      const action = fill(paths.providers.editLocation, { id: p.id, locationId: id(req, 'locationId') });
      try {
        await providers.updateLocation(actorOf(req), p.id, id(req, 'locationId'), input);
      } catch (e) {
        return renderInvalid(res, 'providers/location', { title: 'Locatie bewerken', provider: p, action }, e, input);
      }
      flash(res, 'De locatie is opgeslagen.');
      res.redirect(303, fill(paths.providers.show, { id: p.id }));
    }),
    get(paths.providers.newUnit, EDITORS, async (req, res) => {
      const p = await providers.get(id(req));
      const loc = p.locations.find((l) => l.id === id(req, 'locationId'));
      if (!loc) throw new NotFoundError('Locatie niet gevonden');
      res.render('providers/unit', {
        title: `Nieuwe groep — ${loc.name}`,
        provider: p,
        values: {},
        careTypeOptions: options(CARE_TYPES, undefined),
        action: fill(paths.providers.newUnit, { id: p.id, locationId: loc.id }),
      });
    }),
    post(paths.providers.newUnit, EDITORS, async (req, res) => {
      const p = await providers.get(id(req));
      const input = unitInput(req);
      const action = fill(paths.providers.newUnit, { id: p.id, locationId: id(req, 'locationId') });
      try {
        await providers.addUnit(actorOf(req), p.id, id(req, 'locationId'), input);
      } catch (e) {
        return renderInvalid(
          res,
          'providers/unit',
          { title: 'Nieuwe groep', provider: p, careTypeOptions: options(CARE_TYPES, input.careType), action },
          e,
          input,
        );
      }
      flash(res, `Groep ${input.name} is toegevoegd.`);
      res.redirect(303, fill(paths.providers.show, { id: p.id }));
    }),
    get(paths.providers.editUnit, EDITORS, async (req, res) => {
      const p = await providers.get(id(req));
      const unit = p.locations.flatMap((l) => l.units).find((u) => u.id === id(req, 'unitId'));
      if (!unit) throw new NotFoundError('Groep niet gevonden');
      res.render('providers/unit', {
        title: `Groep ${unit.name} bewerken`,
        provider: p,
        values: unit,
        careTypeOptions: options(CARE_TYPES, unit.careType),
        action: fill(paths.providers.editUnit, { id: p.id, unitId: unit.id }),
      });
    }),
    post(paths.providers.editUnit, EDITORS, async (req, res) => {
      const p = await providers.get(id(req));
      const input = unitInput(req);
      const action = fill(paths.providers.editUnit, { id: p.id, unitId: id(req, 'unitId') });
      try {
        await providers.updateUnit(actorOf(req), p.id, id(req, 'unitId'), input);
      } catch (e) {
        return renderInvalid(
          res,
          'providers/unit',
          { title: 'Groep bewerken', provider: p, careTypeOptions: options(CARE_TYPES, input.careType), action },
          e,
          input,
        );
      }
      flash(res, 'De groep is opgeslagen.');
      res.redirect(303, fill(paths.providers.show, { id: p.id }));
    }),
  ];
}
