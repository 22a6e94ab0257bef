export const CHANNELS = {
  formulier: 'Contactformulier',
  telefoon: 'Telefoon',
  email: 'E-mail',
  brief: 'Brief',
  campagne: 'Jongerencampagne (sociale media)',
  jeugdstem: 'Jeugdstem',
  organisatie: 'Andere organisatie',
} as const;
export type Channel = keyof typeof CHANNELS;

export const REPORTER_TYPES = {
  jeugdige: 'Jeugdige zelf',
  'oud-bewoner': 'Oud-bewoner',
  ouder: 'Ouder of verzorger',
  naaste: 'Naaste (familie, vriend)',
  professional: 'Professional of verwijzer',
  anoniem: 'Anoniem / onbekend',
  overig: 'Overig',
} as const;
export type ReporterType = keyof typeof REPORTER_TYPES;

/** Young people get the two standard questions in every contact (and, by default, the 48-hour norm). */
export const isYoungPerson = (t: string): boolean => t === 'jeugdige' || t === 'oud-bewoner';

/** "The young person contacted us themself": reported by the young person, not passed on by an organisation. */
export const isYoungPersonSelf = (reporterType: string, channel: string): boolean =>
  isYoungPerson(reporterType) && channel !== 'jeugdstem' && channel !== 'organisatie';

export const CONTACT_CHANNELS = {
  telefoon: 'Telefoon',
  email: 'E-mail',
  videobellen: 'Videobellen',
  volgpagina: 'Anonieme volgpagina',
  brief: 'Brief',
  anders: 'Anders',
} as const;

// 'niet-beantwoord': asked in writing (an e-mail, a letter, the follow page) and no answer came. Only a written contact
// has it; in a conversation a question not asked is 'niet-besproken', with its reason.
export const ANSWERS = { ja: 'Ja', nee: 'Nee', 'niet-besproken': 'Niet besproken', 'niet-beantwoord': 'Niet beantwoord' } as const;
export const WRITTEN_CHANNELS: readonly string[] = ['email', 'volgpagina', 'brief'];
export type Answer = keyof typeof ANSWERS;

export const REFERRALS = {
  klachtencommissie: 'Klachtencommissie van de aanbieder',
  jeugdstem: 'Jeugdstem',
  'veilig-thuis': 'Veilig Thuis',
  anders: 'Anders',
} as const;

export const SAFE_NOW = { ja: 'Ja', nee: 'Nee', 'weet-niet': 'Weet ik niet' } as const;

// Workflow status. Allowed moves are this one table, checked in one place (signalService.transition).
export const SIGNAL_STATUSES = {
  nieuw: 'Nieuw',
  'in-behandeling': 'In behandeling',
  beoordeeld: 'Beoordeeld',
  doorgezet: 'Doorgezet naar inspecteur',
  afgesloten: 'Afgesloten',
} as const;
export type SignalStatus = keyof typeof SIGNAL_STATUSES;

export const TRANSITIONS: Record<SignalStatus, SignalStatus[]> = {
  nieuw: ['in-behandeling'],
  'in-behandeling': ['beoordeeld', 'afgesloten'],
  beoordeeld: ['doorgezet', 'afgesloten', 'in-behandeling'],
  doorgezet: ['afgesloten', 'in-behandeling'],
  afgesloten: ['in-behandeling'],
};

/**
 * Statuses in which a signal is closed: entering one sets closed_at, and retention counts from it. Today that is
 * 'afgesloten' alone (reached, late or unreachable, forwarded or not: every way ends there); a status added later that
 * also ends a signal belongs in this list, or its reporter's contact details would be kept for ever.
 */
export const CLOSED_STATUSES: readonly SignalStatus[] = ['afgesloten'];
export const isClosedStatus = (s: string): boolean => (CLOSED_STATUSES as readonly string[]).includes(s);

/** Stands in the audit trail (which is never purged) for free-text reasons that may name the reporter. */
export const REASON_WRITTEN = '(tekst vastgelegd)';

/** Follow-up of the contact norm, derived from the stored instants. */
export type FollowUpStatus = 'open' | 'met' | 'late' | 'breached' | 'unreachable';

export interface NormSnapshot {
  id: string;
  label: string;
  unit: 'hours' | 'working-days';
  amount: number;
}

export function followUpStatus(s: { dueAt: Date; contactedAt: Date | null; unreachableAt: Date | null }, now: Date): FollowUpStatus {
  if (s.contactedAt) return s.contactedAt.getTime() <= s.dueAt.getTime() ? 'met' : 'late';
  if (s.unreachableAt) return 'unreachable';
  return now.getTime() >= s.dueAt.getTime() ? 'breached' : 'open';
}
