import { createHash, randomInt } from 'node:crypto';
import type { Executor } from '../../db/connection';
import type { SignalRow } from '../../db/database';
import { isEmail, textErrors, type FieldErrors } from '../../common/errors';
import { isRealDateTime } from '../../common/time';
import { EARLIEST_RECEIVED_AT, FUTURE_TOLERANCE_MS, LIMITS } from '../../common/limits';
import { CHANNELS, REPORTER_TYPES, SAFE_NOW } from '../types';

export interface ContactInput {
  name?: string;
  phone?: string;
  email?: string;
  preferredMoments?: string;
}

export interface RegisterInput {
  receivedAt?: string | Date;
  channel: string;
  reporterType: string;
  providerId?: string;
  locationId?: string;
  unitId?: string;
  providerText?: string;
  summary: string;
  description: string;
  sinceWhen?: string;
  safeNow?: string;
  anonymous?: boolean;
  consentShare?: boolean;
  contact?: ContactInput;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const notText = (v: unknown): boolean => v !== undefined && v !== null && typeof v !== 'string';
const TEXT_FIELDS = ['channel', 'reporterType', 'providerText', 'summary', 'description', 'sinceWhen', 'safeNow'] as const;
const CONTACT_FIELDS = ['name', 'phone', 'email', 'preferredMoments'] as const;

/** Checks everything except the place (which needs the database); returns the errors per field. */
export function validateRegistration(input: RegisterInput, now: Date): { errors: FieldErrors; receivedAt: Date } {
  const errors: FieldErrors = {};
  let receivedAt = now;
  if (input.receivedAt !== undefined && input.receivedAt !== null && input.receivedAt !== '') {
    const d =
      input.receivedAt instanceof Date
        ? input.receivedAt
        : typeof input.receivedAt === 'string'
          ? new Date(input.receivedAt)
          : new Date(NaN);
    if (Number.isNaN(d.getTime()) || (typeof input.receivedAt === 'string' && !isRealDateTime(input.receivedAt)))
      errors.receivedAt = 'Vul een geldige datum en tijd in (ISO 8601)';
    else if (d.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
      errors.receivedAt = 'Het moment van ontvangst kan niet in de toekomst liggen';
    else if (d < EARLIEST_RECEIVED_AT) errors.receivedAt = 'Het moment van ontvangst kan niet vóór 1 januari 2000 liggen';
    else receivedAt = d;
  }
  // The API hands over whatever JSON held; a number or an object where text belongs is refused here, by name.
  for (const key of TEXT_FIELDS) if (notText(input[key])) errors[key] = 'Vul hier tekst in';
  if (!Object.hasOwn(CHANNELS, text(input.channel))) errors.channel = 'Kies hoe het signaal binnenkwam';
  if (!Object.hasOwn(REPORTER_TYPES, text(input.reporterType))) errors.reporterType = 'Kies wie het signaal doet';
  if (!text(input.summary)) errors.summary = 'Vul een korte samenvatting in';
  if (!text(input.description)) errors.description = 'Beschrijf wat er is gebeurd';
  if (input.safeNow && !errors.safeNow && !Object.hasOwn(SAFE_NOW, input.safeNow)) errors.safeNow = 'Kies ja, nee of weet ik niet';
  const tooLong = textErrors({
    summary: [input.summary, LIMITS.summary],
    description: [input.description, LIMITS.freeText],
    providerText: [input.providerText, LIMITS.shortText],
    sinceWhen: [input.sinceWhen, LIMITS.shortText],
  });
  for (const [k, m] of Object.entries(tooLong)) errors[k] ??= m;
  const c = input.contact;
  if (c !== undefined && (c === null || typeof c !== 'object')) errors.contact = 'Contactgegevens moeten een object zijn';
  else if (c) {
    for (const key of CONTACT_FIELDS) if (notText(c[key])) errors[`contact.${key}`] = 'Vul hier tekst in';
    const contactErrors = textErrors({
      'contact.name': [c.name, LIMITS.name],
      'contact.email': [c.email, LIMITS.email],
      'contact.phone': [c.phone, LIMITS.phone],
      'contact.preferredMoments': [c.preferredMoments, LIMITS.shortText],
    });
    for (const [k, m] of Object.entries(contactErrors)) errors[k] ??= m;
    if (text(c.email) && !isEmail(text(c.email))) errors['contact.email'] ??= 'Vul een geldig e-mailadres in';
    if (text(c.phone) && !/^[+()\d\s-]{8,20}$/.test(text(c.phone)))
      errors['contact.phone'] ??= 'Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678';
  }
  return { errors, receivedAt };
}

export function contactRow(signalId: string, c: ContactInput | undefined) {
  if (!c) return undefined;
  const row = {
    signal_id: signalId,
    name: text(c.name) || null,
    phone: text(c.phone) || null,
    email: text(c.email) || null,
    preferred_moments: text(c.preferredMoments) || null,
  };
  return row.name || row.phone || row.email || row.preferred_moments ? row : undefined;
}

// Receipt codes: 16 characters from an alphabet without look-alikes (about 80 bits), shown once, stored as a hash.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newReceiptCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
export const receiptHash = (code: string): string =>
  createHash('sha256')
    .update(code.toUpperCase().replace(/[^A-Z0-9]/g, ''))
    .digest('hex');

export async function insertContact(db: Executor, signal: SignalRow, c: ContactInput | undefined): Promise<boolean> {
  const row = contactRow(signal.id, c);
  if (row) await db.insertInto('signal_contacts').values(row).execute();
  return Boolean(row);
}
