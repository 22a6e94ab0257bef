import type { Executor } from '../db/connection';
import type { FieldErrors } from '../common/errors';
import type { Rule } from './types';

interface SettingDef {
  label: string;
  hint?: string;
  min: number;
  max: number;
  /** Whole numbers only, or up to two decimals (the confidence). */
  integer: boolean;
  /** The default, also seeded by migration 013. */
  fallback: number;
}

/** Every value a beheerder tunes, per rule; the form, the validation and the rules all read this one table. */
export const SETTINGS = {
  cluster: {
    reporters: {
      label: 'Aantal verschillende melders',
      hint: 'Vanaf dit aantal ontstaat een waarschuwing',
      min: 2,
      max: 50,
      integer: true,
      fallback: 3,
    },
    windowDays: { label: 'Binnen dit aantal dagen', min: 1, max: 365, integer: true, fallback: 30 },
  },
  rise: {
    windowDays: {
      label: 'Recente periode (dagen)',
      hint: 'De periode waarin het aantal signalen per plaats wordt geteld',
      min: 7,
      max: 365,
      integer: true,
      fallback: 30,
    },
    baselineDays: { label: 'Eigen basislijn (dagen vóór de recente periode)', min: 30, max: 1825, integer: true, fallback: 365 },
    confidence: {
      label: 'Betrouwbaarheid van de grens (%)',
      hint: 'Bijvoorbeeld 99,8',
      min: 90,
      max: 99.99,
      integer: false,
      fallback: 99.8,
    },
    minObserved: {
      label: 'Minimaal aantal signalen',
      hint: 'Minder signalen geven nooit een waarschuwing',
      min: 1,
      max: 100,
      integer: true,
      fallback: 3,
    },
  },
  'missing-report': {
    workingDays: { label: 'Werkdagen voor de melding van de aanbieder', min: 1, max: 20, integer: true, fallback: 3 },
    daysBefore: { label: 'Gebeurtenis hoogstens zoveel dagen vóór het signaal', min: 0, max: 90, integer: true, fallback: 14 },
    lookbackDays: { label: 'Alleen signalen van de afgelopen … dagen', min: 7, max: 730, integer: true, fallback: 60 },
  },
  recurrence: {
    windowDays: { label: 'Periode na het afsluiten van een verbetertraject (dagen)', min: 30, max: 1825, integer: true, fallback: 365 },
    minItems: { label: 'Aantal signalen of meldingen over het thema', min: 1, max: 20, integer: true, fallback: 1 },
  },
  silence: {
    months: { label: 'Periode zonder contact van een jongere (maanden)', min: 1, max: 36, integer: true, fallback: 6 },
  },
} as const satisfies Record<Rule, Record<string, SettingDef>>;

export type Settings = { [R in Rule]: { [K in keyof (typeof SETTINGS)[R]]: number } };

/** Form fields are named `rule-key` (e.g. `cluster-windowDays`), so each message lands beside its own field. */
export const fieldName = (rule: Rule, key: string): string => `${rule}-${key}`;

const entries = (): Array<[Rule, string, SettingDef]> =>
  Object.entries(SETTINGS).flatMap(([rule, defs]) =>
    Object.entries(defs).map(([key, d]): [Rule, string, SettingDef] => [rule as Rule, key, d]),
  );

/** The settings as stored; a missing row (never expected) falls back to the default. */
export async function readSettings(db: Executor): Promise<Settings> {
  const rows = await db.selectFrom('pattern_rule_settings').select(['rule', 'key', 'value']).execute();
  const stored = new Map(rows.map((r) => [`${r.rule}-${r.key}`, Number(r.value)]));
  const out: Record<string, Record<string, number>> = {};
  for (const [rule, key, d] of entries()) (out[rule] ??= {})[key] = stored.get(fieldName(rule, key)) ?? d.fallback;
  return out as Settings;
}

const nl = (n: number) => n.toLocaleString('nl-NL', { maximumFractionDigits: 2 });

/** Reads typed values ("99,8" as well as "99.8"); every bad one gets its own Dutch message. */
export function parseSettings(input: Record<string, unknown>): { values: Settings; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const out: Record<string, Record<string, number>> = {};
  for (const [rule, key, d] of entries()) {
    const name = fieldName(rule, key);
    const typed = input[name];
    const raw = typeof typed === 'string' ? typed.trim() : '';
    const n = /^\d{1,6}([.,]\d{1,2})?$/.test(raw) ? Number(raw.replace(',', '.')) : NaN;
    (out[rule] ??= {})[key] = n;
    if (raw === '') errors[name] = `Vul een getal in bij ‘${d.label}’`;
    else if (Number.isNaN(n)) errors[name] = d.integer ? 'Vul een heel getal in' : 'Vul een getal in, bijvoorbeeld 99,8';
    else if (d.integer && !Number.isInteger(n)) errors[name] = 'Vul een heel getal in';
    else if (n < d.min || n > d.max) errors[name] = `Vul een getal in van ${nl(d.min)} tot en met ${nl(d.max)}`;
  }
  return { values: out as Settings, errors };
}

export const settingEntries = entries;
