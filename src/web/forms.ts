import type { Response } from 'express';
import { ValidationError } from '../common/errors';
import { labels } from './labels';

/**
 * Shows the form again with every message beside its field, a summary on top and what the user typed.
 * We render from the POST instead of redirecting so typed (possibly personal) data never goes into the session.
 */
export function renderInvalid(res: Response, view: string, data: Record<string, unknown>, err: unknown, values: unknown): void {
  if (!(err instanceof ValidationError)) throw err;
  const errors = err.fieldErrors;
  res.status(400).render(view, {
    ...data,
    values,
    errors,
    errorList: Object.entries(errors).map(([field, text]) => ({ href: `#${fieldId(field)}`, text })),
    title: `${labels.errors.summary} — ${String(data.title ?? '')}`,
  });
}

export const fieldId = (field: string): string => `veld-${field.replace(/[^\w-]+/g, '-')}`;

export interface Option {
  value: string;
  text: string;
  selected: boolean;
}

export function options(table: Record<string, string>, selected: string | string[] | undefined): Option[] {
  const chosen = Array.isArray(selected) ? selected : selected === undefined ? [] : [selected];
  return Object.entries(table).map(([value, text]) => ({ value, text, selected: chosen.includes(value) }));
}

/** Form fields that may repeat (checkboxes) arrive as a string or an array. */
export const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);
export const asText = (v: unknown): string => (typeof v === 'string' ? v : '');

export function flash(res: Response, text: string): void {
  res.req.session.flash = { kind: 'ok', text };
}
