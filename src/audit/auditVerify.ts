import type { Db } from '../db/connection';
import * as repo from './auditRepository';
import { readAnchors, type Anchor } from './anchorFile';
import { GENESIS_HASH, entryHash, entryMac, hashedFieldsOf } from './hash';
import type { AuditSettings } from './auditSettings';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Anchor lines of this database that were compared with the chain. */
  anchors: number;
  anchorFile: string;
  problems: string[];
}

/**
 * Recomputes every entry's MAC with the key and compares the chain with every anchor line of this database.
 * Entries without a key (alg 'sha256') are accepted only up to legacy_until, the last one made before keys were used.
 */
export async function verifyChain(db: Db, settings: AuditSettings): Promise<VerifyResult> {
  const problems: string[] = [];
  const instance = await repo.instance(db);
  const read = await readAnchors(settings.anchorFile, settings.key, settings.database);
  problems.push(...read.problems);
  const legacyUntil = instance?.legacy_until ?? null;
  if (!instance) problems.push('audit_instance ontbreekt: de database is niet die van de ankers, of er is mee geknoeid');

  // Every line counts, also several for one id: a chain rebuilt after rewinding the sequence gets anchored again.
  const expected: Array<Anchor & { line: number }> = [];
  const otherInstance: Array<Anchor & { line: number }> = [];
  for (const a of read.anchors) {
    if (instance && a.instance !== instance.instance_id) {
      otherInstance.push(a);
    } else if (instance && a.legacyUntil !== legacyUntil) {
      problems.push(
        `ankerregel ${a.line}: de grens van de oude regels zonder sleutel is verschoven (${a.legacyUntil ?? 'geen'} → ${legacyUntil ?? 'geen'})`,
      );
    } else {
      expected.push(a);
    }
  }
  const other = otherInstance[0];
  if (other && instance) {
    problems.push(
      `ankerregel ${other.line}${otherInstance.length > 1 ? ` (en ${otherInstance.length - 1} andere)` : ''} hoort bij een andere database-instantie (${other.instance}, nu ${instance.instance_id}): is de database opnieuw aangemaakt of vervangen?`,
    );
  }

  let prev = GENESIS_HASH;
  let lastId: string | null = null;
  let checked = 0;
  const anchoredIds = new Set(expected.map((a) => a.id));
  const found = new Map<string, string>();
  for await (const row of repo.allInOrder(db)) {
    checked++;
    if (row.prev_hash !== prev)
      problems.push(`regel ${row.id}: sluit niet aan op de vorige regel (ontbrekende of gewijzigde regel ervoor)`);
    const fields = hashedFieldsOf(row);
    if (row.alg === 'hmac-sha256') {
      if (entryMac(settings.key, row.prev_hash, row.id, fields) !== row.hash)
        problems.push(`regel ${row.id}: inhoud komt niet overeen met de MAC (gewijzigd, of niet met de AUDIT_KEY gemaakt)`);
    } else if (legacyUntil === null || BigInt(row.id) > BigInt(legacyUntil)) {
      problems.push(`regel ${row.id}: zonder sleutel vastgelegd (${row.alg}) na de overstap op HMAC: vervalst`);
    } else if (entryHash(row.prev_hash, fields) !== row.hash) {
      problems.push(`regel ${row.id}: inhoud komt niet overeen met de hash (gewijzigd)`);
    }
    if (anchoredIds.has(row.id)) found.set(row.id, row.hash);
    prev = row.hash;
    lastId = row.id;
  }

  // Newest first: the last anchor says the most, older ones only add the same finding again.
  const failing = [...expected].reverse().filter((a) => found.get(a.id) !== a.mac);
  const newest = failing[0];
  if (newest) {
    problems.push(
      found.has(newest.id)
        ? `regel ${newest.id} verschilt van het anker van ${newest.at} (ankerregel ${newest.line}): de keten is herschreven`
        : `regel ${newest.id} uit het anker van ${newest.at} (ankerregel ${newest.line}) ontbreekt: de keten is ingekort of geleegd (laatste regel nu: ${lastId ?? 'geen'})`,
    );
    if (failing.length > 1) problems.push(`nog ${failing.length - 1} eerdere ankers kloppen niet met de keten`);
  }
  if (checked > 0 && read.anchors.length === 0) {
    problems.push(
      `geen anker voor deze database (${settings.database}) in ${settings.anchorFile}: verwijderen van de nieuwste regels is niet uit te sluiten. De worker schrijft elke minuut een anker, elk proces bij het stoppen.`,
    );
  }
  return { ok: problems.length === 0, checked, anchors: read.anchors.length, anchorFile: settings.anchorFile, problems };
}
