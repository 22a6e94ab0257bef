import type { Db, Executor } from '../db/connection';
import type { LocationRow, ProviderRow, ProviderStatusRow, UnitRow } from '../db/database';
import type { Clock } from '../clock';
import type { AuditService } from '../audit/auditService';
import { diff } from '../audit/auditService';
import type { Actor } from '../audit/types';
import { NotFoundError, ValidationError, check, isUuid, textRules, uniquely, type FieldErrors } from '../common/errors';
import { LIMITS } from '../common/limits';
import { amsterdamDay, isIsoDay } from '../common/time';
import * as repo from './providerRepository';
import { findProviders } from './pickerRepository';
import { clean, validateLocation, validateProvider, validateUnit } from './providerValidation';
import {
  careTypeLabel,
  isStatusKind,
  type CareType,
  type Location,
  type LocationInput,
  type Provider,
  type ProviderInput,
  type ProviderStatus,
  type ProviderSummary,
  type ProviderType,
  type StatusKind,
  type Unit,
  type UnitInput,
  type InspectorChange,
} from './types';

const toUnit = (u: UnitRow): Unit => ({ id: u.id, name: u.name, careType: u.care_type as CareType, places: u.places });

const toStatus = (s: ProviderStatusRow, today: string): ProviderStatus => ({
  id: s.id,
  kind: s.kind as StatusKind,
  startsOn: s.starts_on,
  endsOn: s.ends_on,
  note: s.note,
  current: s.starts_on <= today && (s.ends_on === null || s.ends_on >= today),
});

// Two saves of one KvK number at once both pass assertKvkFree; the unique index decides.
const KVK_TAKEN: Record<string, [string, string]> = {
  providers_kvk_unique: ['kvkNumber', 'Dit KvK-nummer hoort al bij een andere aanbieder'],
};

function throwIfAny(errors: FieldErrors): void {
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

export function providerService(db: Db, clock: Clock, audit: AuditService) {
  const today = () => amsterdamDay(clock.now());

  /** One page of providers (the first 200 unless asked otherwise); `count` says how many there are in all. */
  async function search(
    q: string,
    filter: { careType?: CareType } = {},
    page?: { offset: number; limit: number },
  ): Promise<ProviderSummary[]> {
    check(textRules({ q: [q, LIMITS.search] }));
    const rows = await repo.search(db, q, today(), page, filter.careType);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kvkNumber: r.kvk_number,
      type: r.type as ProviderType,
      municipalities: r.municipalities ?? [],
      places: r.places ?? 0,
      closedCare: r.closed_care ?? false,
      flags: (r.flags ?? []) as StatusKind[],
    }));
  }

  async function count(q: string, filter: { careType?: CareType } = {}): Promise<number> {
    check(textRules({ q: [q, LIMITS.search] }));
    return repo.countMatching(db, q, filter.careType);
  }

  async function get(id: string, executor: Executor = db): Promise<Provider> {
    if (!isUuid(id)) throw new NotFoundError('Aanbieder niet gevonden');
    const p = await repo.findById(executor, id);
    if (!p) throw new NotFoundError('Aanbieder niet gevonden');
    const [locations, inspectors, statuses] = await Promise.all([
      repo.locationsOf(executor, id),
      repo.inspectorsOf(executor, id),
      repo.statusesOf(executor, id),
    ]);
    const units = await repo.unitsOf(
      executor,
      locations.map((l) => l.id),
    );
    const day = today();
    return {
      id: p.id,
      name: p.name,
      kvkNumber: p.kvk_number,
      type: p.type as ProviderType,
      locations: locations.map((l) => ({
        id: l.id,
        name: l.name,
        address: l.address,
        municipality: l.municipality,
        region: l.region,
        units: units.filter((u) => u.location_id === l.id).map(toUnit),
      })),
      inspectors,
      statuses: statuses.map((s) => toStatus(s, day)),
    };
  }

  async function insertLocationTree(trx: Executor, actor: Actor, providerId: string, l: LocationInput): Promise<LocationRow> {
    const loc = await repo.insertLocation(trx, {
      provider_id: providerId,
      name: clean(l.name),
      address: clean(l.address),
      municipality: clean(l.municipality),
      region: clean(l.region) || null,
    });
    await audit.record(trx, actor, {
      action: 'create',
      objectType: 'location',
      objectId: loc.id,
      changes: diff({}, { providerId, name: loc.name, address: loc.address, municipality: loc.municipality, region: loc.region }),
    });
    for (const u of l.units ?? []) await insertUnit(trx, actor, loc.id, u);
    return loc;
  }

  async function insertUnit(trx: Executor, actor: Actor, locationId: string, u: UnitInput): Promise<UnitRow> {
    const unit = await repo.insertUnit(trx, {
      location_id: locationId,
      name: clean(u.name),
      care_type: clean(u.careType),
      places: Number(u.places),
    });
    await audit.record(trx, actor, {
      action: 'create',
      objectType: 'unit',
      objectId: unit.id,
      changes: diff({}, { locationId, name: unit.name, careType: unit.care_type, places: unit.places }),
    });
    return unit;
  }

  async function assertKvkFree(executor: Executor, kvk: string | null, exceptId?: string): Promise<void> {
    if (!kvk) return;
    const other = await repo.findByKvk(executor, kvk);
    if (other && other.id !== exceptId) throw new ValidationError({ kvkNumber: `Dit KvK-nummer hoort al bij ${other.name}` });
  }

  async function insertProviderIn(trx: Executor, actor: Actor, input: ProviderInput): Promise<ProviderRow> {
    const kvk = clean(input.kvkNumber) || null;
    await assertKvkFree(trx, kvk);
    const p = await repo.insertProvider(trx, { name: clean(input.name), kvk_number: kvk, type: clean(input.type) || 'jeugdhulpaanbieder' });
    await audit.record(trx, actor, {
      action: 'create',
      objectType: 'provider',
      objectId: p.id,
      changes: diff({}, { name: p.name, kvkNumber: p.kvk_number, type: p.type }),
    });
    return p;
  }

  /** Creates a provider with its locations and units in one transaction. */
  async function create(actor: Actor, input: ProviderInput): Promise<Provider> {
    throwIfAny(validateProvider(input, { withLocations: true }));
    return uniquely(
      () =>
        db.transaction().execute(async (trx) => {
          const p = await insertProviderIn(trx, actor, input);
          for (const l of input.locations ?? []) await insertLocationTree(trx, actor, p.id, l);
          return get(p.id, trx);
        }),
      KVK_TAKEN,
    );
  }

  async function update(actor: Actor, id: string, input: ProviderInput): Promise<void> {
    throwIfAny(validateProvider({ ...input, type: input.type ?? '' }, { withLocations: false }));
    const before = await get(id);
    const kvk = clean(input.kvkNumber) || null;
    await uniquely(
      () =>
        db.transaction().execute(async (trx) => {
          await assertKvkFree(trx, kvk, id);
          const after = { name: clean(input.name), kvkNumber: kvk, type: clean(input.type) };
          await repo.updateProvider(trx, id, { name: after.name, kvk_number: kvk, type: after.type, updated_at: clock.now() });
          await audit.record(trx, actor, {
            action: 'update',
            objectType: 'provider',
            objectId: id,
            changes: diff({ name: before.name, kvkNumber: before.kvkNumber, type: before.type }, after),
          });
        }),
      KVK_TAKEN,
    );
  }

  async function addLocation(actor: Actor, providerId: string, input: LocationInput): Promise<string> {
    throwIfAny(validateLocation({ ...input, units: [] }));
    await get(providerId);
    return db.transaction().execute(async (trx) => (await insertLocationTree(trx, actor, providerId, { ...input, units: [] })).id);
  }

  async function locationOf(providerId: string, locationId: string): Promise<LocationRow> {
    const loc = isUuid(locationId) ? await repo.findLocation(db, locationId) : undefined;
    if (!loc || loc.provider_id !== providerId) throw new NotFoundError('Locatie niet gevonden');
    return loc;
  }

  async function updateLocation(actor: Actor, providerId: string, locationId: string, input: LocationInput): Promise<void> {
    throwIfAny(validateLocation({ ...input, units: [] }));
    const before = await locationOf(providerId, locationId);
    const after = {
      name: clean(input.name),
      address: clean(input.address),
      municipality: clean(input.municipality),
      region: clean(input.region) || null,
    };
    await db.transaction().execute(async (trx) => {
      await repo.updateLocation(trx, locationId, after);
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'location',
        objectId: locationId,
        changes: diff({ name: before.name, address: before.address, municipality: before.municipality, region: before.region }, after),
      });
    });
  }

  async function addUnit(actor: Actor, providerId: string, locationId: string, input: UnitInput): Promise<string> {
    throwIfAny(validateUnit(input));
    await locationOf(providerId, locationId);
    return db.transaction().execute(async (trx) => (await insertUnit(trx, actor, locationId, input)).id);
  }

  async function updateUnit(actor: Actor, providerId: string, unitId: string, input: UnitInput): Promise<void> {
    throwIfAny(validateUnit(input));
    const before = isUuid(unitId) ? await repo.findUnit(db, unitId) : undefined;
    if (!before) throw new NotFoundError('Groep niet gevonden');
    await locationOf(providerId, before.location_id);
    const after = { name: clean(input.name), care_type: clean(input.careType), places: Number(input.places) };
    await db.transaction().execute(async (trx) => {
      await repo.updateUnit(trx, unitId, after);
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'unit',
        objectId: unitId,
        changes: diff({ name: before.name, care_type: before.care_type, places: before.places }, after),
      });
    });
  }

  /**
   * Who is assigned decides who reads a provider's signals (and, with consent, the reporter's contact details), so the
   * change is its own audit event naming who was added and who was removed. Routes let only managers and beheerders here.
   */
  async function setInspectors(actor: Actor, providerId: string, userIds: string[], allowed: Set<string>): Promise<InspectorChange> {
    const ids = [...new Set(userIds)];
    check([['inspectors', ids.every((id) => allowed.has(id)), 'Kies alleen actieve inspecteurs uit de lijst']]);
    await get(providerId);
    return db.transaction().execute(async (trx) => {
      await repo.lockProvider(trx, providerId);
      const before = await repo.inspectorsOf(trx, providerId);
      await repo.replaceInspectors(trx, providerId, ids);
      const after = await repo.inspectorsOf(trx, providerId);
      const change = {
        added: after.filter((a) => !before.some((b) => b.id === a.id)),
        removed: before.filter((b) => !after.some((a) => a.id === b.id)),
      };
      if (change.added.length > 0 || change.removed.length > 0) {
        await audit.record(trx, actor, { action: 'inspectors-assigned', objectType: 'provider', objectId: providerId, changes: change });
      }
      return change;
    });
  }

  async function addStatus(
    actor: Actor,
    providerId: string,
    input: { kind: string; startsOn: string; endsOn?: string; note?: string },
  ): Promise<void> {
    const endsOn = clean(input.endsOn) || null;
    check([
      ['kind', isStatusKind(clean(input.kind)), 'Kies verscherpt toezicht of opnamestop'],
      ['startsOn', isIsoDay(clean(input.startsOn)), 'Vul een geldige begindatum in'],
      ['endsOn', endsOn === null || isIsoDay(endsOn), 'Vul een geldige einddatum in of laat het veld leeg'],
      ['endsOn', endsOn === null || endsOn >= clean(input.startsOn), 'De einddatum ligt vóór de begindatum'],
      ...textRules({ note: [input.note, LIMITS.freeText] }),
    ]);
    await get(providerId);
    await db.transaction().execute(async (trx) => {
      const s = await repo.insertStatus(trx, {
        provider_id: providerId,
        kind: clean(input.kind),
        starts_on: clean(input.startsOn),
        ends_on: endsOn,
        note: clean(input.note) || null,
        created_at: clock.now(),
        ends_recorded_at: endsOn === null ? null : clock.now(),
      });
      await audit.record(trx, actor, {
        action: 'create',
        objectType: 'provider-status',
        objectId: s.id,
        changes: diff({}, { providerId, kind: s.kind, startsOn: s.starts_on, endsOn: s.ends_on, note: s.note }),
      });
    });
  }

  async function endStatus(actor: Actor, providerId: string, statusId: string, endsOn: string): Promise<void> {
    const s = isUuid(statusId) ? await repo.findStatus(db, statusId) : undefined;
    if (!s || s.provider_id !== providerId) throw new NotFoundError('Status niet gevonden');
    check([
      ['endsOn', isIsoDay(clean(endsOn)), 'Vul een geldige einddatum in'],
      ['endsOn', clean(endsOn) >= s.starts_on, 'De einddatum ligt vóór de begindatum'],
    ]);
    await db.transaction().execute(async (trx) => {
      await repo.endStatus(trx, statusId, clean(endsOn), clock.now());
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'provider-status',
        objectId: statusId,
        changes: diff({ endsOn: s.ends_on }, { endsOn: clean(endsOn) }),
      });
    });
  }

  /**
   * Choices for the public form: one per location (or the provider itself when it has none), and groups by their name.
   * `more` is true when more than `limit` places match, so the form can ask for a sharper search.
   */
  // Staff also choose a provider as a whole, and see a group's care type (JeugdzorgPlus matters to them).
  const providerText = (name: string, staff?: boolean) => (staff ? `${name} (hele aanbieder)` : name);
  const unitText = (unit: string, careType: string | null, staff?: boolean) =>
    staff && careType ? `${unit} · ${careTypeLabel(careType)}` : unit;

  /** With `staff`, providers with locations are choices of their own too (see repo.searchPlaces). */
  async function searchPlaces(
    q: string,
    limit = 20,
    opts: { staff?: boolean } = {},
  ): Promise<{ options: Array<{ value: string; text: string }>; more: boolean }> {
    if (q.trim().length < 2) return { options: [], more: false };
    check(textRules({ q: [q, LIMITS.search] }));
    const rows = await repo.searchPlaces(db, q, limit + 1, { wholeProviders: opts.staff });
    const options = rows.slice(0, limit).map((r) =>
      r.unit_id
        ? {
            value: `u:${r.unit_id}`,
            text: `${unitText(r.unit_name ?? '', r.care_type, opts.staff)} — ${r.location_name}, ${r.provider_name}`,
          }
        : r.location_id
          ? { value: `l:${r.location_id}`, text: `${r.location_name} (${r.municipality}) — ${r.provider_name}` }
          : { value: `p:${r.provider_id}`, text: providerText(r.provider_name, opts.staff) },
    );
    return { options, more: rows.length > limit };
  }

  /** The label of one place value (`p:`, `l:` or `u:` and an id), in the same words as searchPlaces. */
  async function placeLabel(value: string, opts: { staff?: boolean } = {}): Promise<string | undefined> {
    const [kind, id] = value.split(':');
    if (!isUuid(id)) return undefined;
    if (kind === 'p') {
      const p = await repo.findById(db, id);
      return p && providerText(p.name, opts.staff);
    }
    const unit = kind === 'u' ? await repo.findUnit(db, id) : undefined;
    const loc = kind === 'l' ? await repo.findLocation(db, id) : unit && (await repo.findLocation(db, unit.location_id));
    const p = loc && (await repo.findById(db, loc.provider_id));
    if (!loc || !p) return undefined;
    return unit
      ? `${unitText(unit.name, unit.care_type, opts.staff)} — ${loc.name}, ${p.name}`
      : `${loc.name} (${loc.municipality}) — ${p.name}`;
  }

  /**
   * Providers for a filter, found by name, municipality, location or group: at most `limit`, and whether there are
   * more, so a filter never needs a list of every provider.
   */
  async function findForFilter(q: string, limit = 20): Promise<{ options: Array<{ value: string; text: string }>; more: boolean }> {
    if (q.trim().length < 2) return { options: [], more: false };
    check(textRules({ q: [q, LIMITS.search] }));
    const rows = await findProviders(db, q, limit + 1);
    const options = rows.slice(0, limit).map((r) => {
      const places = r.municipalities.length > 3 ? [...r.municipalities.slice(0, 3), '…'] : r.municipalities;
      return { value: r.id, text: places.length > 0 ? `${r.name} (${places.join(', ')})` : r.name };
    });
    return { options, more: rows.length > limit };
  }

  return {
    searchPlaces,
    placeLabel,
    findForFilter,
    search,
    count,
    get,
    create,
    update,
    addLocation,
    updateLocation,
    addUnit,
    updateUnit,
    setInspectors,
    addStatus,
    endStatus,
    insertProviderIn,
    insertLocationTree,
    insertUnit,
    today,
  };
}

export type ProviderService = ReturnType<typeof providerService>;
export type { Location };
