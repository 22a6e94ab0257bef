import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson } from './hash';

/** One checkpoint of the chain: its last entry (id and MAC) in one database instance. */
export interface Anchor {
  v: 1;
  at: string;
  db: string;
  instance: string;
  legacyUntil: string | null;
  id: string;
  mac: string;
}

export interface ReadAnchors {
  /** Lines of this database whose signature is right, oldest first, with their line number. */
  anchors: Array<Anchor & { line: number }>;
  problems: string[];
}

// The prefix keeps an anchor signature from ever being valid as an entry MAC (or the other way round).
const signature = (key: Buffer, a: Anchor) => createHmac('sha256', key).update('anchor\n').update(canonicalJson(a)).digest('hex');

/**
 * Appends one signed line. O_APPEND with a single short write: lines of web and worker writing at once never
 * interleave, and nothing earlier in the file is ever rewritten.
 */
export async function appendAnchor(file: string, key: Buffer, a: Anchor): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await appendFile(file, `${canonicalJson({ ...a, sig: signature(key, a) })}\n`, { mode: 0o600, flag: 'a' });
}

export async function readAnchors(file: string, key: Buffer, database: string): Promise<ReadAnchors> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { anchors: [], problems: [] };
    throw e;
  }
  const anchors: ReadAnchors['anchors'] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let parsed: (Anchor & { sig?: unknown }) | undefined;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object' || typeof parsed.sig !== 'string' || typeof parsed.db !== 'string') {
      problems.push(`ankerbestand ${file} regel ${line}: onleesbaar`);
      return;
    }
    // Another database's line (when several share one file) is theirs to check, with their key.
    if (parsed.db !== database) return;
    const { sig, ...anchor } = parsed;
    const expected = Buffer.from(signature(key, anchor), 'hex');
    const given = Buffer.from(sig, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      problems.push(`ankerbestand ${file} regel ${line}: de handtekening klopt niet (gewijzigd, of gemaakt met een andere AUDIT_KEY)`);
      return;
    }
    anchors.push({ ...anchor, line });
  });
  return { anchors, problems };
}
