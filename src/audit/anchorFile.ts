import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
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

type Read = { anchor: Anchor } | { problem: (line: number) => string } | undefined;

/** One line of the file: an anchor of this database with a right signature, a problem, or nothing of ours. */
function checkLine(raw: string, file: string, key: Buffer, database: string): Read {
  if (raw.trim() === '') return undefined;
  let parsed: (Anchor & { sig?: unknown }) | undefined;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || typeof parsed.sig !== 'string' || typeof parsed.db !== 'string')
    return { problem: (line) => `ankerbestand ${file} regel ${line}: onleesbaar` };
  // Another database's line (when several share one file) is theirs to check, with their key.
  if (parsed.db !== database) return undefined;
  const { sig, ...anchor } = parsed;
  const expected = Buffer.from(signature(key, anchor), 'hex');
  const given = Buffer.from(sig, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return {
      problem: (line) => `ankerbestand ${file} regel ${line}: de handtekening klopt niet (gewijzigd, of gemaakt met een andere AUDIT_KEY)`,
    };
  return { anchor };
}

const absent = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/** Every line, read one at a time: ten years of anchors are never held as one text. */
export async function readAnchors(file: string, key: Buffer, database: string): Promise<ReadAnchors> {
  const out: ReadAnchors = { anchors: [], problems: [] };
  const input = createReadStream(file, 'utf8');
  try {
    await once(input, 'open');
  } catch (e) {
    if (absent(e)) return out;
    throw e;
  }
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    const r = checkLine(raw, file, key, database);
    line++;
    if (r && 'anchor' in r) out.anchors.push({ ...r.anchor, line });
    else if (r) out.problems.push(r.problem(line));
  }
  return out;
}

const CHUNK = 65_536;

/** The file's lines from the last to the first, each with the byte offset it starts at. */
async function* linesFromEnd(fh: FileHandle): AsyncGenerator<{ raw: string; offset: number }> {
  let end = (await fh.stat()).size;
  // The end of the earliest line read so far, whose start lies in a chunk before.
  let rest = Buffer.alloc(0);
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const chunk = Buffer.alloc(end - start);
    await fh.read(chunk, 0, chunk.length, start);
    let buf = Buffer.concat([chunk, rest]);
    for (let nl = buf.lastIndexOf(10); nl >= 0; nl = buf.lastIndexOf(10)) {
      yield { raw: buf.subarray(nl + 1).toString('utf8'), offset: start + nl + 1 };
      buf = buf.subarray(0, nl);
    }
    rest = buf;
    end = start;
  }
  yield { raw: rest.toString('utf8'), offset: 0 };
}

/** The number of the line that starts at `offset`: one more than the newlines before it. */
async function lineAt(fh: FileHandle, offset: number): Promise<number> {
  let n = 1;
  const buf = Buffer.alloc(1 << 20);
  for (let pos = 0; pos < offset; pos += buf.length) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, offset - pos), pos);
    for (let i = buf.indexOf(10); i >= 0 && i < bytesRead; i = buf.indexOf(10, i + 1)) n++;
  }
  return n;
}

/**
 * The newest line of this database with a right signature, read from the end of the file: as quick with ten years of
 * anchors as with one day. Problems of lines after it are reported; older lines are left to the full check.
 */
export async function newestAnchor(
  file: string,
  key: Buffer,
  database: string,
): Promise<{ anchor: (Anchor & { line: number }) | undefined; problems: string[] }> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    if (absent(e)) return { anchor: undefined, problems: [] };
    throw e;
  }
  try {
    const later: Array<{ offset: number; problem: (line: number) => string }> = [];
    let anchor: (Anchor & { line: number }) | undefined;
    for await (const { raw, offset } of linesFromEnd(fh)) {
      const r = checkLine(raw, file, key, database);
      if (r && 'anchor' in r) {
        anchor = { ...r.anchor, line: await lineAt(fh, offset) };
        break;
      }
      if (r) later.unshift({ offset, problem: r.problem });
    }
    const problems: string[] = [];
    for (const p of later) problems.push(p.problem(await lineAt(fh, p.offset)));
    return { anchor, problems };
  } finally {
    await fh.close();
  }
}
