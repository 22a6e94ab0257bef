import { labels } from '../web/labels';
import { ANSWERS, CHANNELS, CONTACT_CHANNELS, REFERRALS, REPORTER_TYPES, SIGNAL_STATUSES } from '../signals/types';
import { CARE_TYPES, PROVIDER_TYPES, STATUS_KINDS } from '../providers/types';

/**
 * Dutch names of the fields the services write into an entry's changes, camelCase and the snake_case of the
 * assessment alike. Also the names of the data a read covers (the `fields` of a 'read' entry).
 */
export const FIELD_LABELS: Record<string, string> = {
  // users and logins
  email: 'e-mailadres',
  name: 'naam',
  roles: 'rollen',
  role: 'rol',
  team: 'team',
  active: 'actief',
  sessionsEnded: 'beëindigde sessies',
  what: 'gewijzigd',
  reason: 'reden',
  failures: 'mislukte pogingen',
  until: 'tot',
  // providers, locations, groups, statuses
  kvkNumber: 'KvK-nummer',
  type: 'soort',
  added: 'toegevoegd',
  removed: 'verwijderd',
  providerId: 'aanbieder',
  address: 'adres',
  municipality: 'gemeente',
  region: 'regio',
  locationId: 'locatie',
  careType: 'zorgvorm',
  care_type: 'zorgvorm',
  places: 'plaatsen',
  kind: 'soort',
  startsOn: 'vanaf',
  endsOn: 'tot en met',
  note: 'toelichting',
  // signals
  reference: 'kenmerk',
  receivedAt: 'ontvangen',
  channel: 'kanaal',
  reporterType: 'melder',
  norm: 'norm',
  dueAt: 'uiterlijk contact',
  contactDetails: 'contactgegevens',
  concernsClosedCare: 'over JeugdzorgPlus',
  assigneeId: 'behandelaar',
  status: 'status',
  unreachableReason: 'reden onbereikbaar',
  unreachableAt: 'onbereikbaar vastgesteld',
  breachReason: 'reden termijn niet gehaald',
  breachedAt: 'termijn verlopen op',
  urgentAt: 'urgent sinds',
  duplicateOf: 'dubbel van',
  reporterMessageAt: 'bericht van melder sinds',
  attemptNotes: 'notities bij contactpogingen',
  messages: 'berichten',
  reasons: 'redenen',
  // contact attempts and messages
  structuralUnsafety: 'structurele onveiligheid',
  boundaryCrossing: 'grensoverschrijdend gedrag',
  notDiscussedReason: 'reden niet besproken',
  signalId: 'signaal',
  at: 'moment',
  successful: 'gelukt',
  withinNorm: 'binnen de norm',
  contactedAt: 'eerste contact',
  // assessment and consultation
  possible_misstand: 'mogelijke misstand',
  serious_threat: 'ernstige bedreiging',
  meldplicht: 'meldplicht aanbieder',
  concerns_jzp: 'over JeugdzorgPlus',
  themes: 'thema’s',
  advice: 'advies',
  referrals: 'doorverwezen naar',
  outcome: 'uitkomst',
  // norms and themes
  replaces: 'vervangt',
  label: 'naam',
  unit: 'eenheid',
  amount: 'aantal',
  reporterTypes: 'melders',
  // what a read covers
  fields: 'ingezien',
  summary: 'samenvatting',
  description: 'beschrijving',
  contactAttempts: 'contactpogingen',
  contact: 'contactgegevens',
};

const NORM_UNITS: Record<string, string> = { hours: 'uur', 'working-days': 'werkdagen' };

/** Stored codes shown by their Dutch name, per field. */
export const VALUE_LABELS: Record<string, Record<string, string>> = {
  status: SIGNAL_STATUSES,
  channel: { ...CONTACT_CHANNELS, ...CHANNELS },
  reporterType: REPORTER_TYPES,
  reporterTypes: REPORTER_TYPES,
  role: labels.roles,
  roles: labels.roles,
  type: PROVIDER_TYPES,
  kind: STATUS_KINDS,
  careType: CARE_TYPES,
  care_type: CARE_TYPES,
  referrals: REFERRALS,
  unit: NORM_UNITS,
  fields: FIELD_LABELS,
  structuralUnsafety: ANSWERS,
  boundaryCrossing: ANSWERS,
};
