import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Issue 8 point 21: an unhandled promise in an Express handler is a silent failure; the lint that npm test runs
// (before jest) must refuse one, with the types read, not only the syntax.
// ESLint in its own process, as npm test runs it (its config loads as an ES module, which jest's sandbox does not).
const root = path.join(__dirname, '..', '..');
// The type-aware rules need a file the TypeScript project knows, so the probe is written beside this test for a moment.
const rules = (code: string): string[] => {
  const file = path.join(__dirname, `lintProbe${process.pid}.tmp.ts`);
  writeFileSync(file, code);
  try {
    const bin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const r = spawnSync(process.execPath, [bin, '--format', 'json', file], { cwd: root, encoding: 'utf8' });
    return (JSON.parse(r.stdout) as Array<{ messages: Array<{ ruleId: string }> }>)[0]!.messages.map((m) => m.ruleId);
  } finally {
    rmSync(file, { force: true });
  }
};

test('a promise left floating in a route handler is a lint error', () => {
  const code = `import type { Request, Response } from 'express';
async function save(): Promise<void> {}
export function handler(_req: Request, res: Response): void {
  save();
  res.redirect(303, '/');
}
`;
  expect(rules(code)).toContain('@typescript-eslint/no-floating-promises');
}, 60_000);

test('an async function where a callback must return nothing is a lint error', () => {
  const code = `async function tick(): Promise<void> {}
process.on('SIGTERM', async () => {
  await tick();
});
`;
  expect(rules(code)).toContain('@typescript-eslint/no-misused-promises');
}, 60_000);

test('the same code with the promise handled passes', () => {
  const code = `import type { Request, Response } from 'express';
async function save(): Promise<void> {}
export async function handler(_req: Request, res: Response): Promise<void> {
  await save();
  res.redirect(303, '/');
}
`;
  expect(rules(code)).toEqual([]);
}, 60_000);

test('npm test lints and checks the formatting before it runs a single test', () => {
  const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(scripts.test).toMatch(/^tsc --noEmit && eslint \. && prettier --check \. && jest/);
});
