// Maximum lengths of text fields, in characters (code points), in one place. Validation in the services checks them,
// so a too-long value gets a message beside its field instead of filling the database.
export const LIMITS = {
  /** Names of people, providers, locations, units, norms. */
  name: 200,
  /** A theme's name, shown as a checkbox label. */
  themeLabel: 80,
  /** A signal's one-line summary, shown in lists. */
  summary: 200,
  /** Short free text: an address, a place in one's own words, "since when", preferred moments, a team. */
  shortText: 300,
  /** Descriptions, notes, messages, reasons, advice. */
  freeText: 10_000,
  /** RFC 5321 allows no longer address. */
  email: 254,
  phone: 40,
  /** What is typed in a search box or a filter. */
  search: 200,
  /** Long enough for any passphrase, short enough that hashing it costs nothing unusual. */
  password: 256,
} as const;

/** No signal can have been received before 1 January 2000, Dutch time. */
export const EARLIEST_RECEIVED_AT = new Date('2000-01-01T00:00:00+01:00');
/** How far ahead of the server's clock a moment typed by someone may be (their clock may run a little fast). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
