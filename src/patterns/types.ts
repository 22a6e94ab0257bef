/** The pattern rules, with their Dutch names (one table, used by the list, the alert page, the digest and the settings). */
export const RULES = {
  cluster: 'Cluster van meldingen',
  rise: 'Stijging',
  'missing-report': 'Ontbrekende melding',
  recurrence: 'Terugkerend thema',
  silence: 'Stilte',
} as const;
export type Rule = keyof typeof RULES;
export const isRule = (s: string): s is Rule => Object.hasOwn(RULES, s);

/** What an inspector decides on an alert; every decision closes it and needs a reason. */
export const DECISIONS = {
  bezoek: 'Bezoek plannen',
  navraag: 'Navraag bij de aanbieder',
  'geen-actie': 'Geen actie',
  anders: 'Anders',
} as const;
export type Decision = keyof typeof DECISIONS;

export const ALERT_STATUSES = { open: 'Open', closed: 'Afgehandeld' } as const;
export type AlertStatus = keyof typeof ALERT_STATUSES;
export const isAlertStatus = (s: string): s is AlertStatus => Object.hasOwn(ALERT_STATUSES, s);

export type ItemKind = 'signal' | 'report';

export interface ItemRef {
  kind: ItemKind;
  id: string;
}

/** An alert's place: always a provider, and a location and a group where the rule looks that closely. */
export interface Place {
  providerId: string;
  locationId: string | null;
  unitId: string | null;
}

/**
 * What a rule found at one place (and theme): the items behind it, the figures and the explanation in plain Dutch.
 * The alert store turns it into a new alert, a strengthened open one, or nothing.
 */
export interface Finding extends Place {
  rule: Rule;
  theme: string | null;
  items: ItemRef[];
  observed: number;
  expected?: number;
  limit?: number;
  explanation: string;
}

/** A new item that may complete a pattern, as the registering code passes it on (ids only). */
export interface NewItem {
  kind: 'signal' | 'assessment' | 'report';
  /** The signal's id for 'signal' and 'assessment', the mandatory report's id for 'report'. */
  id: string;
  providerId?: string | null;
  locationId?: string | null;
  unitId?: string | null;
}
