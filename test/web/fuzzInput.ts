import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// Inputs for the fuzz test (fuzz.test.ts): hostile values, the field names the code reads, and a seeded generator.

/** mulberry32: a small seeded generator, so every run sends the same requests. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! };
}

export const HUGE = 'x'.repeat(100_000);

/** Values of every wrong type and shape; JSON bodies send them as they are, forms as qs serialises them. */
export const VALUES: ReadonlyArray<[kind: string, value: unknown]> = [
  ['empty', ''],
  ['blank', '   \t\n'],
  ['number', 12],
  ['float', -1e308],
  ['boolean', true],
  ['null', null],
  ['empty array', []],
  ['array', ['a', 'b']],
  ['object', { a: 1, b: { c: 'd' } }],
  ['nested', [[['x']], { y: [1] }]],
  ['nul byte', 'ab\u0000cd'],
  ['control chars', '\u0001\u0008\u001b[31m\u007f'],
  ['lone surrogate', 'a\uD800b\uDC00'],
  ['rtl marks', '\u202Eevil\u202C \u200F\u200E\u2066x\u200B\uFEFF'],
  ['emoji', '😀👩‍👩‍👧‍👦🏳️‍🌈'],
  // Few enough marks that a query string with every field still fits the 16 kB a URL may have.
  ['combining', `e${'\u0301'.repeat(12)}`],
  ['html and sql', `<script>alert(1)</script>"' or 1=1; --`],
  ['bad date', '2026-13-45T25:61'],
  ['year zero', '0000-01-01T00:00'],
  ['dashes as id', `p:${'-'.repeat(36)}`],
  ['number words', '1e400'],
  ['proto', '__proto__'],
];

/** Names that mean something to JavaScript objects, sent as field names nobody reads. */
export const UNKNOWN_FIELDS = ['onbekendVeld', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'then'];

/** Keys of the JSON API bodies the form-field scan cannot see. */
const API_FIELDS = [
  'providerId',
  'locationId',
  'unitId',
  'contact',
  'locations',
  'units',
  'places',
  'successful',
  'at',
  'consentShare',
  'anonymous',
];

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

/**
 * Every field name the code reads, collected from the source rather than listed by hand, so a new field is fuzzed
 * without anyone remembering to: names in the templates' forms, and what routes read from the body or query.
 */
export function fieldNamesFromCode(root: string): string[] {
  const names = new Set<string>(API_FIELDS);
  for (const f of filesUnder(path.join(root, 'views'), '.hbs')) {
    for (const m of readFileSync(f, 'utf8').matchAll(/\bname="(\w+)"/g)) names.add(m[1]!);
  }
  const patterns = [/(?:req\.(?:body|query)|\bb)\.(\w+)\b(?!\s*\()/g, /(?:req\.(?:body|query)|\bb)\[\s*'(\w+)'\s*\]/g, /\bstr\('(\w+)'\)/g];
  for (const f of filesUnder(path.join(root, 'src'), '.ts')) {
    const text = readFileSync(f, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) names.add(m[1]!);
  }
  // A method called on a body value (`b.includes(`) is skipped by the pattern; `_csrf` stays valid so handlers are reached.
  return [...names].filter((n) => n !== '_csrf' && n !== 'length').sort();
}

/** The query parameters the routes read (`req.query.x`), for values too long to send in every field at once. */
export function queryNamesFromCode(root: string): string[] {
  const names = new Set<string>();
  for (const f of filesUnder(path.join(root, 'src'), '.ts'))
    for (const m of readFileSync(f, 'utf8').matchAll(/req\.query\.(\w+)/g)) names.add(m[1]!);
  return [...names].sort();
}

/** Hostile values put into one field of an otherwise valid submission at a time. */
export const FORM_HOSTILE: ReadonlyArray<[kind: string, value: unknown]> = [
  ['array', ['a', 'b']],
  ['object', { a: 'b' }],
  ['nul byte', 'a\u0000b'],
  ['huge', HUGE],
  ['odd unicode', 'a\uD800\u202E😀e\u0301'],
];
export const JSON_HOSTILE: ReadonlyArray<[kind: string, value: unknown]> = [
  ['number', 12],
  ['boolean', true],
  ['null', null],
  ['array', ['a']],
  ['object', { a: 1 }],
  ['nul byte', 'a\u0000b'],
  ['huge', HUGE],
];

export interface FormSample {
  method: 'get' | 'post';
  action: string;
  multipart: boolean;
  fields: Record<string, string | string[]>;
}

/** What a person would type into an empty field of this type. */
const FILL: Record<string, string> = {
  text: 'Fuzz tekst',
  // Search boxes find the fuzz provider, so the forms' next steps (choosing a place or a provider) are walked too.
  search: 'Fuzz',
  email: 'fuzz@igj.test',
  tel: '06 12345678',
  date: '2026-11-20',
  'datetime-local': '2026-11-20T10:00',
  number: '3',
  password: 'correct horse battery staple',
};

const attr = (tag: string, name: string): string | undefined => {
  const v = new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
  return v === undefined
    ? undefined
    : v
        .replace(/&#x3D;/g, '=')
        .replace(/&#x27;/g, "'")
        .replace(/&#x60;/g, '`')
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
};

/**
 * The submissions a browser would send from each form of a page: its prefilled values, the checked (or else the
 * first) radio and checkbox, the selected (or first) option, a plausible value in each empty field, and each
 * named submit button in turn. These are the valid starting points that the fuzz test then spoils one field at a time.
 */
export function formsOf(html: string): FormSample[] {
  return [...html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/g)].flatMap(([, open, inner]) => {
    const fields: Record<string, string | string[]> = {};
    const firstChoice = new Map<string, string>();
    for (const [tag] of inner!.matchAll(/<input\b[^>]*>/g)) {
      const name = attr(tag, 'name');
      const type = attr(tag, 'type') ?? 'text';
      if (!name || name === '_csrf' || type === 'file') continue;
      const value = attr(tag, 'value') ?? '';
      if (type === 'radio' || type === 'checkbox') {
        if (!firstChoice.has(name)) firstChoice.set(name, value);
        if (/\schecked\b/.test(tag)) fields[name] = type === 'checkbox' ? [...[fields[name] ?? []].flat(), value] : value;
      } else fields[name] ??= value || FILL[type] || FILL.text!;
    }
    for (const [name, value] of firstChoice) fields[name] ??= value;
    for (const [, tag, options] of inner!.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
      const values = [...options!.matchAll(/<option\b[^>]*>/g)].map(([o]) => ({
        value: attr(o, 'value') ?? '',
        selected: /\sselected\b/.test(o),
      }));
      const chosen = values.find((o) => o.selected) ?? values.find((o) => o.value !== '');
      if (attr(tag!, 'name') && chosen) fields[attr(tag!, 'name')!] = chosen.value;
    }
    for (const [, tag, text] of inner!.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g))
      if (attr(tag!, 'name')) fields[attr(tag!, 'name')!] = text || FILL.text!;
    const form = {
      method: attr(open!, 'method')?.toLowerCase() === 'post' ? ('post' as const) : ('get' as const),
      action: attr(open!, 'action') ?? '',
      multipart: /multipart\/form-data/.test(open!),
    };
    // One submission per named button (Zoeken, Volgende, Vorige), as each is a different way through the form.
    const buttons = [...inner!.matchAll(/<button\b[^>]*\bname="[^"]+"[^>]*>/g)].map(
      ([b]) => [attr(b, 'name')!, attr(b, 'value') ?? ''] as const,
    );
    return buttons.length === 0
      ? [{ ...form, fields }]
      : buttons.map(([name, value]) => ({ ...form, fields: { ...fields, [name]: value } }));
  });
}

/** Every leaf of a JSON body as a path (`contact.phone`, `locations.0.units.0.places`), to spoil one at a time. */
export function leaves(value: unknown, prefix: string[] = []): string[][] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...prefix, k]));
  return prefix.length > 0 ? [prefix] : [];
}

export function withLeaf(body: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let at: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  at[path[path.length - 1]!] = value;
  return copy;
}

/** Bodies that test the parsing itself: too many fields, a foreign charset, broken encoding, no JSON, deep nesting. */
export function envelopes(api: boolean, csrf: string): Array<[label: string, type: string, data: string]> {
  const csrfField = `_csrf=${encodeURIComponent(csrf)}`;
  const many = Array.from({ length: 1100 }, (_, i) => `veld${i}`);
  return api
    ? [
        ['1.100 velden', 'application/json', JSON.stringify(Object.fromEntries(many.map((k) => [k, 'x'])))],
        ['utf-7', 'application/json; charset=utf-7', '{"summary": "+ADw-b+AD4-"}'],
        ['utf-16', 'application/json; charset=utf-16le', '{"summary": "x"}'],
        ['kapotte JSON', 'application/json', '{"summary": "\\ud800", "description": '],
        ['geen JSON', 'text/plain', 'summary=x'],
        ['diep genest', 'application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
      ]
    : [
        ['1.100 velden', 'application/x-www-form-urlencoded', [csrfField, ...many.map((k) => `${k}=x`)].join('&')],
        ['utf-7', 'application/x-www-form-urlencoded; charset=utf-7', `${csrfField}&name=%2BADw-b%2BAD4-`],
        ['kapotte codering', 'application/x-www-form-urlencoded', `${csrfField}&name=%E0%A4%A&q=%&description=%FF%FE`],
        ['diep genest', 'application/x-www-form-urlencoded', `${csrfField}&name${'[a]'.repeat(40)}=x`],
        ['geen formulier', 'text/plain', `${csrfField}&name=x`],
        [
          'kapotte multipart',
          'multipart/form-data; boundary=grens',
          `--grens\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--grens\r\nContent-Dispo`,
        ],
      ];
}

/** A CSV upload whose cells are the submitted values, under the import's own column names. */
export function csvOf(body: Record<string, unknown>): string {
  const cells = Object.values(body).map((v) => String(typeof v === 'object' ? JSON.stringify(v) : v).replace(/[;\n"]/g, ' '));
  return [
    'aanbieder;kvk;soort;locatie;adres;gemeente;regio;groep;zorgvorm;plaatsen',
    cells.slice(0, 10).join(';'),
    `${cells.join(';')};extra`,
    '"open quote;',
  ].join('\n');
}
