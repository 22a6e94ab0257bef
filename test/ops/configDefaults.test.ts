import { loadConfig } from '../../src/config';

// Operators start a second instance with only PORT or DATABASE_URL changed; the rest must follow.
test('BASE_URL follows PORT unless it is set, so start-up line and e-mail links name the right port', () => {
  expect(loadConfig({}).baseUrl).toBe('http://localhost:3000');
  expect(loadConfig({ PORT: '3320' }).baseUrl).toBe('http://localhost:3320');
  expect(loadConfig({ PORT: '3320', BASE_URL: 'https://jeugdtoezicht.igj.example' }).baseUrl).toBe('https://jeugdtoezicht.igj.example');
});

test('the queue prefix defaults to one per database, so instances on one Redis do not share queues or the sweep', () => {
  expect(loadConfig({}).queuePrefix).toBe('jt-jeugdtoezicht');
  const demo = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/jeugdtoezicht_demo' }).queuePrefix;
  expect(demo).toBe('jt-jeugdtoezicht_demo');
  expect(loadConfig({ DATABASE_URL: 'postgres://app:geheim@db.example:5432/toezicht%3Aacc' }).queuePrefix).toBe('jt-toezicht_acc');
  expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/jeugdtoezicht_demo', QUEUE_PREFIX: 'jt' }).queuePrefix).toBe('jt');
});
