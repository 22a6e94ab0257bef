import { fill, paths } from '../web/paths';
import { formatDateTime } from '../web/format';
import { ALERT_STATUSES, DECISIONS, RULES, type AlertStatus, type Decision, type Rule } from './types';
import { placeLine } from './places';
import { dutchCount, dutchDecimal } from './statistics';

// Pure shaping of alerts for pages, the digest and the API.

const num = (v: string | number | null | undefined): number | undefined => (v === null || v === undefined ? undefined : Number(v));

/** "waargenomen 7 · verwacht 0,6 · grens 3,5": the figures as one line. */
export function figureLine(a: {
  observed: string | number;
  expected: string | number | null;
  upper_limit: string | number | null;
}): string {
  const parts = [`waargenomen ${dutchCount(Number(a.observed))}`];
  const expected = num(a.expected);
  const limit = num(a.upper_limit);
  if (expected !== undefined) parts.push(`verwacht ${dutchDecimal(expected)}`);
  if (limit !== undefined) parts.push(`grens ${Number.isInteger(limit) ? dutchCount(limit) : dutchDecimal(limit)}`);
  return parts.join(' · ');
}

/** The exact API shape: figures without the parts a rule does not have. */
export function figuresJson(a: { observed: string; expected: string | null; upper_limit: string | null }) {
  const expected = num(a.expected);
  const limit = num(a.upper_limit);
  return {
    observed: Number(a.observed),
    ...(expected !== undefined ? { expected } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

export const ruleLabel = (r: string): string => RULES[r as Rule] ?? r;
export const statusLabel = (s: string): string => ALERT_STATUSES[s as AlertStatus] ?? s;
export const decisionLabel = (d: string | null): string => (d ? (DECISIONS[d as Decision] ?? d) : '');

export function listRow(a: {
  id: string;
  rule: string;
  status: string;
  observed: string;
  expected: string | null;
  upper_limit: string | null;
  updated_at: Date;
  created_at: Date;
  decision: string | null;
  provider_name: string;
  location_name: string | null;
  unit_name: string | null;
  theme_label: string | null;
}) {
  return {
    href: fill(paths.patterns.show, { id: a.id }),
    rule: ruleLabel(a.rule),
    theme: a.theme_label,
    place: placeLine({ provider: a.provider_name, location: a.location_name, unit: a.unit_name }),
    figures: figureLine(a),
    open: a.status === 'open',
    status: a.status === 'open' ? statusLabel('open') : `${statusLabel('closed')}: ${decisionLabel(a.decision)}`,
    created: formatDateTime(a.created_at),
    updated: a.updated_at.getTime() !== a.created_at.getTime() ? formatDateTime(a.updated_at) : undefined,
  };
}

/** Items link to their own pages: a signal to /signalen/:id, a mandatory report to /meldingen/:id. */
export const itemRow = (i: { kind: 'signal' | 'report'; id: string; reference: string | null; at: Date | null; added_at: Date }) => ({
  kind: i.kind === 'signal' ? 'Signaal' : 'Melding',
  href: fill(i.kind === 'signal' ? paths.signals.show : paths.mandatoryReports.show, { id: i.id }),
  reference: i.reference ?? 'niet meer gevonden',
  at: formatDateTime(i.at),
  added: formatDateTime(i.added_at),
});
