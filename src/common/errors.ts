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
