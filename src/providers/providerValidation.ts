import { textErrors, type FieldErrors } from '../common/errors';
import { LIMITS } from '../common/limits';
import { isCareType, isProviderType, type LocationInput, type ProviderInput, type UnitInput } from './types';

export const clean = (s: unknown): string => (typeof s === 'string' ? s.trim() : '');

// Field keys follow the API's shape, e.g. `locations[0].units[1].careType`, so each error points at its field.
export function validateUnit(u: UnitInput, prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  // Digits only: Number() would also take '0x10', '1e3' or ' 8 '.
  const places =
    typeof u.places === 'string'
      ? /^\d{1,5}$/.test(u.places.trim())
        ? Number(u.places.trim())
        : NaN
      : typeof u.places === 'number'
        ? u.places
        : NaN;
  if (!clean(u.name)) errors[`${prefix}name`] = 'Vul de naam van de groep in';
  if (!isCareType(clean(u.careType))) errors[`${prefix}careType`] = 'Kies een zorgvorm uit de lijst';
  if (u.places === '' || u.places === undefined || u.places === null || !Number.isInteger(places) || places < 0 || places > 10000)
    errors[`${prefix}places`] = 'Vul het aantal plaatsen in als heel getal (0 of meer)';
  return { ...errors, ...textErrors({ [`${prefix}name`]: [u.name, LIMITS.name] }) };
}

export function validateLocation(l: LocationInput, prefix = ''): FieldErrors {
  const errors: FieldErrors = {};
  if (!clean(l.name)) errors[`${prefix}name`] = 'Vul de naam van de locatie in';
  if (!clean(l.address)) errors[`${prefix}address`] = 'Vul het adres in';
  if (!clean(l.municipality)) errors[`${prefix}municipality`] = 'Vul de gemeente in';
  Object.assign(
    errors,
    textErrors({
      [`${prefix}name`]: [l.name, LIMITS.name],
      [`${prefix}address`]: [l.address, LIMITS.shortText],
      [`${prefix}municipality`]: [l.municipality, LIMITS.name],
      [`${prefix}region`]: [l.region, LIMITS.name],
    }),
  );
  if (l.units !== undefined && !Array.isArray(l.units)) errors[`${prefix}units`] = 'Groepen moeten een lijst zijn';
  (Array.isArray(l.units) ? l.units : []).forEach((u, i) => Object.assign(errors, validateUnit(u ?? {}, `${prefix}units[${i}].`)));
  return errors;
}

export function validateProvider(p: ProviderInput, { withLocations }: { withLocations: boolean }): FieldErrors {
  const errors: FieldErrors = {};
  const kvk = clean(p.kvkNumber);
  if (!clean(p.name)) errors.name = 'Vul de naam van de aanbieder in';
  if (kvk && !/^\d{8}$/.test(kvk)) errors.kvkNumber = 'Een KvK-nummer bestaat uit 8 cijfers';
  if (p.type !== undefined && !isProviderType(clean(p.type))) errors.type = 'Kies een soort aanbieder uit de lijst';
  Object.assign(errors, textErrors({ name: [p.name, LIMITS.name] }));
  if (withLocations) {
    if (p.locations !== undefined && !Array.isArray(p.locations)) errors.locations = 'Locaties moeten een lijst zijn';
    (Array.isArray(p.locations) ? p.locations : []).forEach((l, i) => Object.assign(errors, validateLocation(l ?? {}, `locations[${i}].`)));
  }
  return errors;
}
