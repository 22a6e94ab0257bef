import { poissonUpperLimit } from '../patterns/statistics';

/**
 * The funnel plot of one care type (Spiegelhalter, "Funnel plots for comparing institutional performance", 2005): each
 * group's signals per place in a window against its number of places, around the care type's own rate, with exact
 * Poisson control limits. A group with `places` places is expected to have μ = places × rate signals; its limits are
 * the quantiles of Poisson(μ), interpolated between whole counts as in src/patterns/statistics.ts (the same function
 * the rise rule uses: poissonUpperLimit(μ, p) is the p-quantile, so with p = 0.025 it is the lower 95 % limit too),
 * divided by the places to put them on the scale of the plot. Two-sided, as funnel plots are drawn: 95 % between the
 * 2.5 % and 97.5 % quantiles, 99.8 % between 0.1 % and 99.9 %. A group is flagged when its count is above the upper
 * 99.8 % limit: with few places one signal more than expected stays inside it.
 *
 * Groups with the same places and the same count are one point (one cell): on thousands of groups most coincide.
 */

export const LIMITS = {
  inner: { lower: 0.025, upper: 0.975, label: '95 %' },
  outer: { lower: 0.001, upper: 0.999, label: '99,8 %' },
} as const;

/** Groups with `places` places and `n` signals each, and (up to a few) their ids. */
export interface Cell {
  places: number;
  n: number;
  units: number;
  ids: string[];
}

export type Level = 'within' | 'above95' | 'above998';

export interface JudgedCell extends Cell {
  expected: number;
  upper95: number;
  upper998: number;
  level: Level;
}

export interface Funnel {
  /** Signals per place of the care type over the window: the centre line. */
  rate: number;
  groups: number;
  places: number;
  signals: number;
  cells: JudgedCell[];
  minPlaces: number;
  maxPlaces: number;
}

/** The limits of a group with `places` places at the care type's `rate`, as counts (not yet per place). */
export function limitsFor(places: number, rate: number) {
  const mean = places * rate;
  return {
    expected: mean,
    lower95: poissonUpperLimit(mean, LIMITS.inner.lower),
    upper95: poissonUpperLimit(mean, LIMITS.inner.upper),
    lower998: poissonUpperLimit(mean, LIMITS.outer.lower),
    upper998: poissonUpperLimit(mean, LIMITS.outer.upper),
  };
}

export function levelOf(n: number, limits: { upper95: number; upper998: number }): Level {
  if (n > limits.upper998) return 'above998';
  if (n > limits.upper95) return 'above95';
  return 'within';
}

/** Judges every cell against the care type's own rate (all its groups with places, over the same window). */
export function funnelOf(cells: readonly Cell[]): Funnel {
  const withPlaces = cells.filter((c) => c.places > 0);
  const groups = withPlaces.reduce((s, c) => s + c.units, 0);
  const places = withPlaces.reduce((s, c) => s + c.units * c.places, 0);
  const signals = withPlaces.reduce((s, c) => s + c.units * c.n, 0);
  const rate = places > 0 ? signals / places : 0;
  const judged = withPlaces.map((c) => {
    const l = limitsFor(c.places, rate);
    return { ...c, expected: l.expected, upper95: l.upper95, upper998: l.upper998, level: levelOf(c.n, l) };
  });
  return {
    rate,
    groups,
    places,
    signals,
    cells: judged,
    minPlaces: Math.min(...judged.map((c) => c.places), Infinity),
    maxPlaces: Math.max(...judged.map((c) => c.places), 0),
  };
}

/**
 * The flagged cells: above the 99.8 % limit, the level the rise rule judges at; the most extreme first (count against
 * that limit). Groups in the 95 % band are drawn apart but not flagged: on thousands of groups one in forty is there by chance.
 */
export const flaggedCells = (f: Funnel): JudgedCell[] =>
  f.cells.filter((c) => c.level === 'above998').sort((a, b) => b.n / Math.max(b.upper998, 0.01) - a.n / Math.max(a.upper998, 0.01));
