import type { Services } from '../composition';
import { ValidationError, type FieldErrors } from '../common/errors';
import { get, post, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';
import { actorOf } from '../web/actor';
import type { Provider, ProviderInput } from './types';
import { validateProvider } from './providerValidation';
import { clampPage, hrefWith, pageNumber } from '../web/paging';

const API_PAGE_SIZE = 200;

const toJson = (p: Provider) => ({
  id: p.id,
  name: p.name,
  kvkNumber: p.kvkNumber,
  type: p.type,
  locations: p.locations.map((l) => ({
    id: l.id,
    name: l.name,
    address: l.address,
    municipality: l.municipality,
    region: l.region,
    units: l.units.map((u) => ({ id: u.id, name: u.name, careType: u.careType, places: u.places })),
  })),
  inspectors: p.inspectors,
  statuses: p.statuses.map((s) => ({ kind: s.kind, startsOn: s.startsOn, endsOn: s.endsOn, current: s.current })),
});

// The JSON contract is stricter than the forms: `places` must be a JSON number, lists must be lists.
function shapeErrors(body: unknown): FieldErrors {
  const errors: FieldErrors = {};
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { body: 'Verwacht een JSON-object' };
  const b = body as Record<string, unknown>;
  if (typeof b.name !== 'string') errors.name = 'Vul de naam van de aanbieder in';
  if (b.kvkNumber !== undefined && b.kvkNumber !== null && typeof b.kvkNumber !== 'string')
    errors.kvkNumber = 'Een KvK-nummer bestaat uit 8 cijfers';
  if (!Array.isArray(b.locations)) errors.locations = 'Geef de locaties als lijst (mag leeg zijn)';
  else
    b.locations.forEach((l: unknown, i) => {
      const units = (l as { units?: unknown })?.units;
      if (units !== undefined && !Array.isArray(units)) errors[`locations[${i}].units`] = 'Groepen moeten een lijst zijn';
      if (Array.isArray(units))
        units.forEach((u: unknown, j) => {
          if (typeof (u as { places?: unknown })?.places !== 'number')
            errors[`locations[${i}].units[${j}].places`] = 'Vul het aantal plaatsen in als heel getal (0 of meer)';
        });
    });
  return errors;
}

export function providerApi(services: Services): RouteDef[] {
  const { providers } = services;
  return [
    // 200 a page, in the same JSON list as before; the true count and the next page are in headers, so a client that
    // reads only the body still works and one that pages sees the whole list.
    get(paths.api.providers, 'api', async (req, res) => {
      const q = typeof req.query.q === 'string' ? req.query.q : '';
      const total = await providers.count(q);
      const page = clampPage(pageNumber(req.query.page), total, API_PAGE_SIZE);
      res.set('X-Total-Count', String(total));
      if (page * API_PAGE_SIZE < total) res.set('Link', `<${hrefWith(paths.api.providers, { q, page: page + 1 })}>; rel="next"`);
      res.json(await providers.search(q, {}, { offset: (page - 1) * API_PAGE_SIZE, limit: API_PAGE_SIZE }));
    }),
    get(paths.api.provider, 'api', async (req, res) => {
      res.json(toJson(await providers.get(String(req.params.id))));
    }),
    post(paths.api.providers, 'api', async (req, res) => {
      const body = req.body as ProviderInput;
      // Shape errors and field rules are reported together, so a client sees everything at once.
      const errors = {
        ...(body && typeof body === 'object' ? validateProvider(body, { withLocations: true }) : {}),
        ...shapeErrors(req.body),
      };
      try {
        if (Object.keys(errors).length > 0) throw new ValidationError(errors);
        const created = await providers.create(actorOf(req), body);
        res.status(201).location(`${paths.api.providers}/${created.id}`).json(toJson(created));
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        res.status(400).json({ error: 'validation_failed', errors: e.fieldErrors });
      }
    }),
  ];
}
