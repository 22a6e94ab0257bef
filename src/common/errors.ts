export type FieldErrors = Record<string, string>;

/** Bad input, with a Dutch message per field; routes show them beside the fields (or as JSON on the API). */
export class ValidationError extends Error {
  constructor(public readonly fieldErrors: FieldErrors) {
    super('Ongeldige invoer');
  }
}

export class NotFoundError extends Error {
  constructor(what = 'Niet gevonden') {
    super(what);
  }
}

/** Runs the checks and throws one ValidationError carrying every failed field at once. */
export function check(rules: Array<[field: string, ok: boolean, message: string]>): void {
  const errors: FieldErrors = {};
  for (const [field, ok, message] of rules) {
    if (!ok && !errors[field]) errors[field] = message;
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

export const isEmail = (s: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

/** Runs several validations and reports all their field errors together. */
export function checkAll(...validations: Array<() => void>): void {
  const errors: FieldErrors = {};
  for (const v of validations) {
    try {
      v();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      for (const [k, m] of Object.entries(e.fieldErrors)) errors[k] ??= m;
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}

export const isUuid = (s: unknown): s is string =>
  typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * What is wrong with a piece of typed text, if anything: too long (after trimming), or holding a character
 * PostgreSQL cannot store (NUL, half a surrogate pair). Values that are not strings are left to the field's own rules.
 */
export function textProblem(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.includes('\u0000')) return 'Deze tekst bevat een onzichtbaar teken dat niet is toegestaan (NUL). Typ de tekst opnieuw';
  // Half of a surrogate pair is no character at all; PostgreSQL refuses it in JSON (the audit trail).
  if (LONE_SURROGATE.test(value)) return 'Deze tekst bevat een ongeldig teken (een half Unicode-teken). Typ de tekst opnieuw';
  const t = value.trim();
  if (t.length > max && codePoints(t) > max)
    return `Gebruik hoogstens ${max.toLocaleString('nl-NL')} tekens (nu ${codePoints(t).toLocaleString('nl-NL')})`;
  return undefined;
}

/** Field errors for length and forbidden characters, keyed like the fields: `{ summary: [value, LIMITS.summary] }`. */
export function textErrors(fields: Record<string, [value: unknown, max: number]>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, [value, max]] of Object.entries(fields)) {
    const problem = textProblem(value, max);
    if (problem) errors[field] = problem;
  }
  return errors;
}

/** The same, as rules for `check`. */
export const textRules = (fields: Record<string, [value: unknown, max: number]>): Array<[string, boolean, string]> =>
  Object.entries(textErrors(fields)).map(([field, message]) => [field, false, message]);

/** The user is logged in but may not see or do this; the message (Dutch) says why, when there is more to say than the role. */
export class ForbiddenError extends Error {}

/**
 * The unique constraint PostgreSQL refused a row for, if that is what went wrong. Two people saving the same thing
 * at once both pass a "does it exist yet" check; the constraint decides, and the loser gets a field error.
 */
export const uniqueViolation = (err: unknown): string | undefined => {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' ? String(e.constraint ?? '') : undefined;
};

/** Runs `fn`, turning a refusal by one of the given unique constraints into a field error. */
export async function uniquely<T>(fn: () => Promise<T>, constraints: Record<string, [field: string, message: string]>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const hit = constraints[uniqueViolation(e) ?? ''];
    if (hit) throw new ValidationError({ [hit[0]]: hit[1] });
    throw e;
  }
}
