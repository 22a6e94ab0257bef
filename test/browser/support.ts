import { readFileSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { seedDemo } from '../../src/demo/seed';
import { fixedClock, testServices, type TestContext } from '../support/testServices';

export const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's chromium, headless; background networking off because this machine's network is closed. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function serve(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server: Server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core (WCAG 2.1 A/AA and best practices) in the page; evaluate() runs outside the page's CSP. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }),
  );
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * One test file's world: a database with the demo landscape, the app on a free port, and a browser. With
 * `signals`, also the demo's year of signals (the seed moves a clock through it, then the clock is set to now).
 */
export function browserFixture(opts: { signals?: boolean } = {}) {
  const f = {} as { ctx: TestContext; browser: Browser; server: Awaited<ReturnType<typeof serve>> };
  beforeAll(async () => {
    const clock = opts.signals ? fixedClock(new Date()) : undefined;
    f.ctx = await testServices({ clock });
    await seedDemo(f.ctx.services, () => undefined, clock);
    clock?.set(new Date());
    f.server = await serve(createApp(f.ctx.services, { loginRateLimit: 1000 }));
    f.browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await f.browser?.close();
    await f.server?.close();
    await f.ctx.cleanup();
  });
  return f;
}
