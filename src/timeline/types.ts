import type { Executor } from '../db/connection';
import type { Scope } from '../signals/search/conditions';

// The contract between the timeline and its sources. The timeline knows no kind by name: each kind (signal, report,
// consultation, status, and later alert, inspection, visit, finding, intervention) is one file in ./sources that
// implements TimelineSource, and one line in ./sources/index.ts. See ./keyset.ts for the helpers a source uses.

/** What the reader asked for. Every field but providerId narrows; the timeline only asks the sources in `kinds`. */
export interface TimelineFilter {
  providerId: string;
  /**
   * One of the provider's locations or units: the callers check that first (timelineService.place), so a source may
   * select by the location or unit alone, through its own index.
   */
  locationId?: string;
  unitId?: string;
  /** Kinds to show; absent means all. A source need not check it. */
  kinds?: string[];
  /** A theme code: only items with that theme (known by asOf). */
  theme?: string;
  /** occurredAt >= from. */
  from?: Date;
  /** occurredAt < to. */
  to?: Date;
  /** "Zoals bekend op": only items registered by then (registeredAt <= asOf), and only what was known of them then. */
  asOf?: Date;
}

/**
 * A position in the timeline. The order is newest first by (at desc, kind desc, id desc): a total order, so items of
 * different kinds at the same instant keep their place across pages.
 * `at` is the exact instant as PostgreSQL holds it (ISO-8601 UTC with microseconds, see keyset.exactAt), because a JS
 * Date drops microseconds and a cursor on a rounded instant would repeat or skip items.
 */
export interface TimelineCursor {
  at: string;
  kind: string;
  /** A uuid, or a uuid with a ':suffix' for a kind that makes several items of one row (a status's start and end). */
  id: string;
}

/** Older: the items after the cursor in timeline order (the next page). Newer: the items before it (the page before). */
export interface TimelinePosition {
  cursor: TimelineCursor;
  direction: 'older' | 'newer';
}

export interface TimelineItem {
  kind: string;
  id: string;
  /** Exact occurredAt for ordering and the cursor: 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (select it with keyset.exactAt). */
  at: string;
  occurredAt: Date;
  registeredAt: Date;
  /** Dutch, and never personal data: no summary, description, outcome text or reporter detail. */
  title: string;
  /** Theme codes, as known by filter.asOf. */
  themes: string[];
  locationId: string | null;
  unitId: string | null;
  /** The item's own page, or null when this reader may not open it. */
  href: string | null;
}

/** Who reads: everything (meldpunt, manager, an API client), an inspector (limited by kind, see each source), nobody. */
export type TimelineReader = Scope;

export interface TimelineSource {
  kind: string;
  /** Dutch and singular ("Signaal"): the kind filter's choice and the tag on each item. */
  label: string;
  /**
   * Up to `limit` items of this kind matching the filter, from `position` on (exclusive; null: from the newest), in
   * timeline order for 'older' and in reverse for 'newer' — keyset.keyset() gives the condition and the order. Read an
   * index, never the provider's whole history.
   */
  page(
    db: Executor,
    filter: TimelineFilter,
    position: TimelinePosition | null,
    limit: number,
    reader: TimelineReader,
  ): Promise<TimelineItem[]>;
}
