import type { AuditRow } from '../db/database';
import { entryHash, entryMac, hashedFieldsOf } from './hash';

// The most problems listed one by one: with the wrong key every entry fails, and 1.8 million lines help nobody.
export const MAX_LISTED = 100;

/** Problems found, of which only the first MAX_LISTED are kept; the rest are counted. */
export function problemList() {
  const listed: string[] = [];
  let unlisted = 0;
  return {
    add(p: string) {
      if (listed.length < MAX_LISTED) listed.push(p);
      else unlisted++;
    },
    /** The problems, with a last line for those not listed. */
    all: (): string[] => (unlisted > 0 ? [...listed, `… en nog ${unlisted} problemen (niet getoond)`] : listed),
  };
}

/**
 * Checks entries one at a time in id order, each against the one before it: the link, and the MAC with the key.
 * Keeps nothing of an entry but its MAC (the next entry's link), so memory stays the same however long the chain.
 * Entries without a key (alg 'sha256') are accepted only up to legacyUntil, the last one made before keys were used.
 * `prev` is the MAC the first entry must link to: the genesis hash, or from an anchor that entry's own stored link.
 */
export function chainCheck(key: Buffer, legacyUntil: string | null, prev: string, problem: (p: string) => void) {
  let checked = 0;
  let lastId: string | null = null;

  function content(row: AuditRow): void {
    const fields = hashedFieldsOf(row);
    if (row.alg === 'hmac-sha256') {
      if (entryMac(key, row.prev_hash, row.id, fields) !== row.hash)
        problem(`regel ${row.id}: inhoud komt niet overeen met de MAC (gewijzigd, of niet met de AUDIT_KEY gemaakt)`);
    } else if (legacyUntil === null || BigInt(row.id) > BigInt(legacyUntil)) {
      problem(`regel ${row.id}: zonder sleutel vastgelegd (${row.alg}) na de overstap op HMAC: vervalst`);
    } else if (entryHash(row.prev_hash, fields) !== row.hash) {
      problem(`regel ${row.id}: inhoud komt niet overeen met de hash (gewijzigd)`);
    }
  }

  return {
    /** The entry's content and its link to the entry before; it becomes the one the next must link to. */
    next(row: AuditRow): void {
      checked++;
      if (row.prev_hash !== prev) problem(`regel ${row.id}: sluit niet aan op de vorige regel (ontbrekende of gewijzigde regel ervoor)`);
      content(row);
      prev = row.hash;
      lastId = row.id;
    },
    checked: () => checked,
    lastId: () => lastId,
  };
}
