/**
 * The one table of care-type names: unit forms, the provider page and list, the place choices, the work-queue filter
 * and the CSV import all read their words here, so one care type is never called three things.
 */
export const CARE_TYPES = {
  jeugdzorgplus: 'JeugdzorgPlus (gesloten jeugdhulp)',
  zikos: 'ZIKOS (binnen JeugdzorgPlus)',
  'open-residentieel': 'Open residentieel',
  kleinschalig: 'Kleinschalige woonvoorziening',
  gezinshuis: 'Gezinshuis',
  ambulant: 'Ambulant',
  'ggz-klinisch': 'Jeugd-GGZ klinisch',
  overig: 'Overig',
} as const;
export type CareType = keyof typeof CARE_TYPES;
export const isCareType = (s: string): s is CareType => Object.hasOwn(CARE_TYPES, s);
export const careTypeLabel = (t: string): string => (isCareType(t) ? CARE_TYPES[t] : t);
/** Closed care: a signal about these always goes to the provider's inspectors. */
export const CLOSED_CARE_TYPES: readonly CareType[] = ['jeugdzorgplus', 'zikos'];
export const isClosedCare = (t: string): boolean => (CLOSED_CARE_TYPES as readonly string[]).includes(t);
/** ZIKOS is closed care within JeugdzorgPlus, so closed care as a whole goes by JeugdzorgPlus's own name. */
export const CLOSED_CARE_LABEL = CARE_TYPES.jeugdzorgplus;

export const PROVIDER_TYPES = {
  jeugdhulpaanbieder: 'Jeugdhulpaanbieder',
  'jeugd-ggz': 'Jeugd-GGZ-aanbieder',
  'gecertificeerde-instelling': 'Gecertificeerde instelling',
  gezinshuisorganisatie: 'Gezinshuisorganisatie',
  overig: 'Overig',
} as const;
export type ProviderType = keyof typeof PROVIDER_TYPES;
export const isProviderType = (s: string): s is ProviderType => Object.hasOwn(PROVIDER_TYPES, s);

export const STATUS_KINDS = {
  'verscherpt-toezicht': 'Verscherpt toezicht',
  opnamestop: 'Opnamestop',
} as const;
export type StatusKind = keyof typeof STATUS_KINDS;
export const isStatusKind = (s: string): s is StatusKind => Object.hasOwn(STATUS_KINDS, s);

export interface Unit {
  id: string;
  name: string;
  careType: CareType;
  places: number;
}

export interface Location {
  id: string;
  name: string;
  address: string;
  municipality: string;
  region: string | null;
  units: Unit[];
}

export interface ProviderStatus {
  id: string;
  kind: StatusKind;
  startsOn: string;
  endsOn: string | null;
  note: string | null;
  current: boolean;
}

export interface Provider {
  id: string;
  name: string;
  kvkNumber: string | null;
  type: ProviderType;
  locations: Location[];
  inspectors: Array<{ id: string; name: string }>;
  statuses: ProviderStatus[];
}

export interface ProviderSummary {
  id: string;
  name: string;
  kvkNumber: string | null;
  type: ProviderType;
  municipalities: string[];
  places: number;
  closedCare: boolean;
  flags: StatusKind[];
}

export interface UnitInput {
  name: string;
  careType: string;
  places: number | string;
}
export interface LocationInput {
  name: string;
  address: string;
  municipality: string;
  region?: string | null;
  units?: UnitInput[];
}
export interface ProviderInput {
  name: string;
  kvkNumber?: string | null;
  type?: string;
  locations?: LocationInput[];
}

/** Who a change of assignment added and removed (by id and name). */
export interface InspectorChange {
  added: Array<{ id: string; name: string }>;
  removed: Array<{ id: string; name: string }>;
}
