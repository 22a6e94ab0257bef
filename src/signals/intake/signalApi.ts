import type { Services } from '../../composition';
import { ValidationError } from '../../common/errors';
import { isIdempotencyKey } from '../../common/idempotency';
import { get, post, type RouteDef } from '../../web/routeTable';
import { paths } from '../../web/paths';
import { validated } from '../../web/apiValidation';
import { actorOf } from '../../web/actor';
import type { Signal } from '../signal';
import type { RegisterInput } from './registration';

async function toJson(services: Services, s: Signal) {
  const norm = await services.db
    .selectFrom('follow_up_norms')
    .select(['unit', 'amount', 'label'])
    .where('id', '=', s.normId)
    .executeTakeFirstOrThrow();
  const { of } = await services.signals.duplicateLinks(s.id);
  return {
    id: s.id,
    reference: s.reference,
    receivedAt: s.receivedAt.toISOString(),
    registeredAt: s.registeredAt.toISOString(),
    channel: s.channel,
    reporterType: s.reporterType,
    youngPersonSelf: s.youngPersonSelf,
    providerId: s.providerId,
    locationId: s.locationId,
    unitId: s.unitId,
    concernsClosedCare: s.concernsClosedCare,
    summary: s.summary,
    description: s.description,
    status: s.status,
    followUp: {
      norm: { unit: norm.unit, amount: Number(norm.amount), label: norm.label },
      dueAt: s.dueAt.toISOString(),
      status: s.followUp,
      contactedAt: s.contactedAt?.toISOString() ?? null,
    },
    // Added beside the existing fields: the original this signal duplicates, or null.
    duplicateOf: of ? { id: of.id, reference: of.reference } : null,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** Runs a handler and turns a ValidationError into 400 with the errors per field. */
export function signalApi(services: Services): RouteDef[] {
  return [
    post(
      paths.api.signals,
      'api',
      validated(async (req, res) => {
        if (!isObject(req.body)) throw new ValidationError({ body: 'Verwacht een JSON-object' });
        const b = req.body;
        const strings = ['receivedAt', 'channel', 'reporterType', 'providerId', 'locationId', 'unitId', 'summary', 'description'] as const;
        const typeErrors = Object.fromEntries(
          strings.filter((k) => b[k] !== undefined && b[k] !== null && typeof b[k] !== 'string').map((k) => [k, 'Moet tekst zijn']),
        );
        if (Object.keys(typeErrors).length > 0) throw new ValidationError(typeErrors);
        // Optional: a client that did not hear back (a cut connection, a 503) sends the same key again and gets the
        // signal its first request made, instead of a second signal about the same young person.
        const key = req.get('idempotency-key');
        if (key !== undefined && !isIdempotencyKey(key))
          throw new ValidationError({ 'Idempotency-Key': 'Gebruik 1 tot 200 zichtbare ASCII-tekens, bijvoorbeeld een UUID' });
        const input: RegisterInput = {
          ...(b as unknown as RegisterInput),
          anonymous: b.reporterType === 'anoniem',
          consentShare: b.consentShare === true,
        };
        const idempotency = key === undefined ? undefined : { scope: `api:${req.apiClient!.id}:signals`, key };
        const { signal, replayed } = await services.signals.register(actorOf(req), input, { idempotency });
        if (replayed) res.set('Idempotent-Replayed', 'true');
        res
          .status(201)
          .location(`${paths.api.signals}/${signal.id}`)
          .json(await toJson(services, signal));
      }),
    ),
    get(paths.api.signal, 'api', async (req, res) => {
      res.json(await toJson(services, await services.signalReader.openForApi(actorOf(req), String(req.params.id))));
    }),
    post(
      paths.api.signalContacts,
      'api',
      validated(async (req, res) => {
        if (!isObject(req.body)) throw new ValidationError({ body: 'Verwacht een JSON-object' });
        const b = req.body;
        const str = (k: string) => (typeof b[k] === 'string' ? b[k] : undefined);
        const id = await services.contacts.recordAttempt(actorOf(req), String(req.params.id), {
          at: str('at') ?? '',
          channel: str('channel') ?? '',
          successful: b.successful as boolean,
          note: str('note'),
          structuralUnsafety: str('structuralUnsafety'),
          boundaryCrossing: str('boundaryCrossing'),
          notDiscussedReason: str('notDiscussedReason'),
        });
        const signal = await services.signals.get(String(req.params.id));
        res.status(201).json({ id, signalId: signal.id, followUp: (await toJson(services, signal)).followUp });
      }),
    ),
  ];
}
