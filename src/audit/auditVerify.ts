import type { Db } from '../db/connection';
import type { AuditInstanceRow } from '../db/database';
import * as repo from './auditRepository';
import { newestAnchor, readAnchors, type Anchor } from './anchorFile';
import { GENESIS_HASH } from './hash';
import { chainCheck, problemList } from './chainCheck';
import type { AuditSettings } from './auditSettings';

export interface VerifyOptions {
  /** Only from the newest anchor on: its entry must still carry the anchored MAC, and every later one must follow. */
  sinceAnchor?: boolean;
  /** Entries read at a time; memory stays at about one batch, however long the chain. */
  batchSize?: number;
  /** After every batch, for a progress line: the last id checked, between the first and the head when it began. */
  onProgress?: (p: { checked: number; lastId: string; fromId: string; headId: string }) => void;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** Anchor lines of this database that were compared with the chain. */
  anchors: number;
  anchorFile: string;
  problems: string[];
  /** How many batches the entries were read in. */
  batches: number;
  /** With sinceAnchor: the anchor line the check began at. */
  since?: { id: string; at: string; line: number };
}

type Line = Anchor & { line: number };

/** The anchor lines that speak about this database instance; a problem for each that cannot. */
function linesOfInstance(lines: Line[], instance: AuditInstanceRow | undefined, problem: (p: string) => void): Line[] {
  if (!instance) return [];
  const other = lines.filter((a) => a.instance !== instance.instance_id);
  if (other[0])
    problem(
      `ankerregel ${other[0].line}${other.length > 1 ? ` (en ${other.length - 1} andere)` : ''} hoort bij een andere database-instantie (${other[0].instance}, nu ${instance.instance_id}): is de database opnieuw aangemaakt of vervangen?`,
    );
  return lines.filter((a) => {
    if (a.instance !== instance.instance_id) return false;
    if (a.legacyUntil === instance.legacy_until) return true;
    problem(
      `ankerregel ${a.line}: de grens van de oude regels zonder sleutel is verschoven (${a.legacyUntil ?? 'geen'} → ${instance.legacy_until ?? 'geen'})`,
    );
    return false;
  });
}

const rewritten = (a: Line) => `regel ${a.id} verschilt van het anker van ${a.at} (ankerregel ${a.line}): de keten is herschreven`;
const missing = (a: Line, lastId: string | null) =>
  `regel ${a.id} uit het anker van ${a.at} (ankerregel ${a.line}) ontbreekt: de keten is ingekort of geleegd (laatste regel nu: ${lastId ?? 'geen'})`;

/**
 * Recomputes every entry's MAC with the key, a batch at a time, and compares the chain with every anchor line of this
 * database; with sinceAnchor only from the newest anchor on (seconds instead of minutes, for a frequent check).
 */
export async function verifyChain(db: Db, settings: AuditSettings, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const problems = problemList();
  const instance = await repo.instance(db);
  // From an anchor only the newest line is read, from the end of the file: the rest is for the full check.
  const read = opts.sinceAnchor
    ? await newestAnchor(settings.anchorFile, settings.key, settings.database).then((r) => ({ ...r, anchors: r.anchor ? [r.anchor] : [] }))
    : await readAnchors(settings.anchorFile, settings.key, settings.database);
  read.problems.forEach(problems.add);
  if (!instance) problems.add('audit_instance ontbreekt: de database is niet die van de ankers, of er is mee geknoeid');
  // Every line counts, also several for one id: a chain rebuilt after rewinding the sequence gets anchored again.
  const expected = linesOfInstance(read.anchors, instance, problems.add);
  const head = (await repo.last(db))?.id ?? '0';

  let after = '0';
  let check = chainCheck(settings.key, instance?.legacy_until ?? null, GENESIS_HASH, problems.add);
  const newest = expected.at(-1);
  let since: VerifyResult['since'];
  if (opts.sinceAnchor) {
    if (!newest) {
      problems.add(`geen bruikbaar anker van deze database in ${settings.anchorFile}: controleer de hele keten (zonder --since-anchor)`);
      return result(0, 0);
    }
    since = { id: newest.id, at: newest.at, line: newest.line };
    const start = await repo.entry(db, newest.id);
    if (!start) {
      problems.add(missing(newest, head === '0' ? null : head));
      return result(0, 0);
    }
    if (start.hash !== newest.mac) problems.add(rewritten(newest));
    // From the anchored entry's own link on: its MAC is recomputed too, and each later entry must follow it.
    check = chainCheck(settings.key, instance?.legacy_until ?? null, start.prev_hash, problems.add);
    check.next(start);
    after = start.id;
  }

  const anchored = new Set(opts.sinceAnchor ? [] : expected.map((a) => a.id));
  const found = new Map<string, string>();
  let batches = 0;
  for await (const rows of repo.batchesAfter(db, after, opts.batchSize)) {
    batches++;
    for (const row of rows) {
      check.next(row);
      if (anchored.has(row.id)) found.set(row.id, row.hash);
    }
    opts.onProgress?.({ checked: check.checked(), lastId: check.lastId()!, fromId: after, headId: head });
  }

  if (!opts.sinceAnchor) {
    // Newest first: the last anchor says the most, older ones only add the same finding again.
    const failing = [...expected].reverse().filter((a) => found.get(a.id) !== a.mac);
    if (failing[0]) {
      problems.add(found.has(failing[0].id) ? rewritten(failing[0]) : missing(failing[0], check.lastId()));
      if (failing.length > 1) problems.add(`nog ${failing.length - 1} eerdere ankers kloppen niet met de keten`);
    }
  }
  if (check.checked() > 0 && read.anchors.length === 0) {
    problems.add(
      `geen anker voor deze database (${settings.database}) in ${settings.anchorFile}: verwijderen van de nieuwste regels is niet uit te sluiten. De worker schrijft elke minuut een anker, elk proces bij het stoppen.`,
    );
  }
  return result(check.checked(), batches);

  function result(checked: number, batches: number): VerifyResult {
    const all = problems.all();
    return { ok: all.length === 0, checked, anchors: read.anchors.length, anchorFile: settings.anchorFile, problems: all, batches, since };
  }
}
