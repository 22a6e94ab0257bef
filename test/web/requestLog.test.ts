import { Writable } from 'node:stream';
import pino from 'pino';
import { createApp } from '../../src/app';
import { testServices, type TestContext } from '../support/testServices';
import { loginAs, makeUser } from '../support/web';

// What someone searched for can be a young person's name: the request log keeps the path, never the query string.
let ctx: TestContext;
const lines: string[] = [];

beforeAll(async () => {
  ctx = await testServices();
});
afterAll(() => ctx.cleanup());

test('a search is logged by its path alone', async () => {
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
  const app = createApp({ ...ctx.services, log: pino({ level: 'info' }, sink) }, { loginRateLimit: 1000 });
  const meldpunt = await loginAs(app, (await makeUser(ctx.services, ['meldpunt'])).email);
  expect((await meldpunt.agent.get('/signalen?q=Piet+Geheim')).status).toBe(200);
  const logged = lines.join('');
  expect(logged).toContain('"url":"/signalen"');
  expect(logged).not.toContain('Geheim');
});
