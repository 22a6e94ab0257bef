import type { FieldErrors } from '../../common/errors';
import { isEmail, isUuid, textErrors } from '../../common/errors';
import { LIMITS } from '../../common/limits';

// The public form in short steps. Every answer travels in hidden fields of the next page, never in the session.
// `gegevens` asks only for what the chosen way of contact needs, and is skipped when the reporter stays anonymous.
export const STEPS = ['wie', 'waar', 'wat', 'contact', 'gegevens', 'controle'] as const;
export type Step = (typeof STEPS)[number];

// `submission` is no question: a one-time token made with the form and carried to the end, so sending the same
// report again (Back after the thank-you page, a double click) shows the first result and saves nothing new.
export const FIELDS = [
  'reporterType',
  'q',
  'place',
  'placeText',
  'description',
  'sinceWhen',
  'safeNow',
  'reach',
  'name',
  'phone',
  'email',
  'preferredMoments',
  'consent',
  'submission',
] as const;
export type Answers = Partial<Record<(typeof FIELDS)[number], string>>;

const STEP_FIELDS: Record<Step, ReadonlyArray<(typeof FIELDS)[number]>> = {
  wie: ['reporterType'],
  waar: ['q', 'place', 'placeText'],
  wat: ['description', 'sinceWhen', 'safeNow'],
  contact: ['reach'],
  gegevens: ['name', 'phone', 'email', 'preferredMoments'],
  // Consent is asked beside the review, so the question names exactly what would be shared (the name only if given).
  controle: ['consent'],
};

export const WHO = {
  jeugdige: 'Ik ben de jongere over wie het gaat',
  'oud-bewoner': 'Ik woonde daar vroeger',
  ouder: 'Ik ben ouder of verzorger',
  naaste: 'Ik ben iemand anders die dichtbij de jongere staat',
  professional: 'Ik werk in de zorg of hulpverlening',
  overig: 'Anders',
} as const;

export const REACH = { telefoon: 'Bel me', email: 'Mail me', anoniem: 'Ik wil anoniem blijven' } as const;
export const SAFE = { ja: 'Ja', nee: 'Nee', 'weet-niet': 'Weet ik niet' } as const;

/** The question is always about the young person: asked of a parent or a professional, it names the young person. */
export const safeQuestion = (a: Answers): string =>
  a.reporterType === 'jeugdige' || a.reporterType === 'oud-bewoner' || !a.reporterType ? 'Ben je nu veilig?' : 'Is de jongere nu veilig?';
export const CONSENT = { ja: 'Ja, dat mag', nee: 'Nee, liever niet' } as const;

export const isReachable = (a: Answers): boolean => a.reach === 'telefoon' || a.reach === 'email';

/** The consent question names what would be shared: the name only when one was given. */
export function consentQuestion(a: Answers): string {
  const means = a.reach === 'email' ? 'je e-mailadres' : 'je telefoonnummer';
  return `Mogen we ${(a.name ?? '').trim() ? `je naam en ${means}` : means} delen met de inspecteur die toezicht houdt op deze plek?`;
}

/** The answers posted, without contact details the chosen way of contact does not use: anonymous keeps none of them. */
export function readAnswers(body: Record<string, unknown>): Answers {
  const a: Answers = {};
  for (const f of FIELDS) if (typeof body[f] === 'string') a[f] = body[f];
  if (!isReachable(a)) for (const f of ['name', 'preferredMoments', 'consent'] as const) delete a[f];
  if (a.reach !== 'telefoon') delete a.phone;
  if (a.reach !== 'email') delete a.email;
  return a;
}

/** Hidden fields for every answer not asked on this step. Consent is never carried: it is asked again on the review. */
export const carried = (a: Answers, step: Step) =>
  FIELDS.filter((f) => f !== 'consent' && !STEP_FIELDS[step].includes(f) && a[f] !== undefined && a[f] !== '').map((name) => ({
    name,
    value: a[name]!,
  }));

// Every typed answer has a maximum length (and no NUL character); checked on the step that asks it.
const MAX: Partial<Record<(typeof FIELDS)[number], number>> = {
  q: LIMITS.search,
  placeText: LIMITS.shortText,
  description: LIMITS.freeText,
  sinceWhen: LIMITS.shortText,
  name: LIMITS.name,
  phone: LIMITS.phone,
  email: LIMITS.email,
  preferredMoments: LIMITS.shortText,
};

/** Length and character errors of the answers asked on one step, or of the fields named. */
export const textErrorsOf = (a: Answers, fields: ReadonlyArray<(typeof FIELDS)[number]>): FieldErrors =>
  textErrors(Object.fromEntries(fields.filter((f) => MAX[f] !== undefined).map((f) => [f, [a[f], MAX[f]!]])));

/** A place chosen from the search results: `p:`, `l:` or `u:` (a group) and the id. */
export const isPlaceValue = (v: string | undefined): boolean => /^[plu]:/.test(v ?? '') && isUuid(v!.slice(2));

export function validateStep(step: Step, a: Answers): FieldErrors {
  const e: FieldErrors = textErrorsOf(a, STEP_FIELDS[step]);
  if (step === 'wie' && !Object.hasOwn(WHO, a.reporterType ?? '')) e.reporterType = 'Kies wie je bent';
  if (step === 'waar' && !isPlaceValue(a.place) && !(a.placeText ?? '').trim())
    e.placeText ??= 'Kies een plek uit de lijst, of schrijf de naam en de plaats op';
  if (step === 'wat') {
    if (!(a.description ?? '').trim()) e.description ??= 'Vertel wat er is gebeurd';
    if (!Object.hasOwn(SAFE, a.safeNow ?? '')) e.safeNow = 'Kies ja, nee of weet ik niet';
  }
  if (step === 'contact' && !Object.hasOwn(REACH, a.reach ?? '')) e.reach = 'Kies hoe we je kunnen bereiken';
  if (step === 'gegevens') {
    if (a.reach === 'telefoon' && !/^[+()\d\s-]{8,20}$/.test((a.phone ?? '').trim()))
      e.phone ??= 'Vul je telefoonnummer in, bijvoorbeeld 06 12345678';
    if (a.reach === 'email' && !isEmail((a.email ?? '').trim())) e.email ??= 'Vul je e-mailadres in, bijvoorbeeld naam@voorbeeld.nl';
  }
  if (step === 'controle' && isReachable(a) && !Object.hasOwn(CONSENT, a.consent ?? '')) e.consent = 'Kies of we je gegevens mogen delen';
  return e;
}

/** The steps this reporter walks: without `gegevens` once they chose to stay anonymous. */
export const stepsFor = (a: Answers): Step[] => STEPS.filter((s) => s !== 'gegevens' || a.reach !== 'anoniem');
const at = (s: Step) => STEPS.indexOf(s);
export const nextStep = (s: Step, a: Answers): Step => stepsFor(a).find((x) => at(x) > at(s)) ?? 'controle';
export const previousStep = (s: Step, a: Answers): Step => [...stepsFor(a)].reverse().find((x) => at(x) < at(s)) ?? 'wie';
export const isStep = (s: unknown): s is Step => typeof s === 'string' && (STEPS as readonly string[]).includes(s);

/** The answers as the reporter reads them back on the last step. */
export function reviewList(a: Answers, place: string): Array<{ label: string; value: string }> {
  const contact = a.reach === 'telefoon' ? `Bellen: ${a.phone}` : a.reach === 'email' ? `Mailen: ${a.email}` : 'Anoniem, via een code';
  return [
    { label: 'Wie je bent', value: WHO[a.reporterType as keyof typeof WHO] ?? '' },
    { label: 'Plek', value: place },
    { label: 'Wat er is gebeurd', value: a.description ?? '' },
    { label: 'Sinds wanneer', value: a.sinceWhen || '—' },
    { label: safeQuestion(a), value: SAFE[a.safeNow as keyof typeof SAFE] ?? '' },
    ...(a.name?.trim() ? [{ label: 'Hoe we je noemen', value: a.name }] : []),
    { label: 'Contact', value: contact },
    ...(isReachable(a) && a.preferredMoments?.trim() ? [{ label: 'Wanneer het goed uitkomt', value: a.preferredMoments }] : []),
  ];
}
