import type { Services } from '../composition';
import { ValidationError } from '../common/errors';
import { isIdempotencyKey } from '../common/idempotency';
import { get, post, type RouteDef } from '../web/routeTable';
import { fill, paths } from '../web/paths';
import { validated } from '../web/apiValidation';
import { actorOf } from '../web/actor';
import { reportJson } from './reportViews';
import type { ReportInput } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const FIELDS = [
  'kind',
  'occurredAt',
  'reportedAt',
  'providerId',
  'locationId',
  'unitId',
  'youngPeopleInvolved',
  'death',
  'summary',
  'description',
  'themes',
  'decision',
  'decisionReasons',
] as const;

/**
 * `POST /api/v1/reports` → 201 `{ id, reference, late }`, 400 with a message per field; `GET /api/v1/reports/:id`.
 * Besides the contract's fields a client may send the IGJ's decision (`decision`, `decisionReasons`), checked as in
 * the form. The follow-up report keeps `/api/v1/reports/follow-up`: `:id` only matches a UUID.
 */
export function mandatoryReportApi(services: Services): RouteDef[] {
  return [
    post(
      paths.api.mandatoryReports,
      'api',
      validated(async (req, res) => {
        if (!isObject(req.body)) throw new ValidationError({ body: 'Verwacht een JSON-object' });
        const b = req.body;
        // Optional: a client that did not hear back sends the same key again and gets the report its first request made.
        const key = req.get('idempotency-key');
        if (key !== undefined && !isIdempotencyKey(key))
          throw new ValidationError({ 'Idempotency-Key': 'Gebruik 1 tot 200 zichtbare ASCII-tekens, bijvoorbeeld een UUID' });
        const input = Object.fromEntries(FIELDS.map((k) => [k, b[k]])) as ReportInput;
        const idempotency = key === undefined ? undefined : { scope: `api:${req.apiClient!.id}:reports`, key };
        const { report, replayed } = await services.reports.register(actorOf(req), input, { via: 'api', idempotency });
        if (replayed) res.set('Idempotent-Replayed', 'true');
        res
          .status(201)
          .location(fill(paths.api.mandatoryReport, { id: report.id }))
          .json({ id: report.id, reference: report.reference, late: report.late });
      }),
    ),
    get(paths.api.mandatoryReport, 'api', async (req, res) => {
      res.json(reportJson(await services.reports.openForApi(actorOf(req), String(req.params.id))));
    }),
  ];
}
