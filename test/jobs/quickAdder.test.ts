import { quickAdder } from '../../src/jobs/queues';

// A request adds jobs without waiting long on Redis: one try of at most 2 s, then none for 10 s. A public report
// with five mails once waited 2 s for each while Redis was away.
test('after one add that timed out, adds are skipped at once for 10 s, then tried again', async () => {
  let now = 0;
  const addQuickly = quickAdder(() => now);
  let tries = 0;
  const hanging = () => {
    tries++;
    return new Promise<never>(() => undefined);
  };
  await expect(addQuickly('mail', hanging)).rejects.toThrow('duurde langer dan 2000 ms');
  now += 1_000;
  const started = Date.now();
  for (let i = 0; i < 5; i++) await expect(addQuickly('mail', hanging)).rejects.toThrow('overgeslagen');
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(tries).toBe(1);
  now += 10_000;
  await expect(addQuickly('mail', () => Promise.resolve('toegevoegd'))).resolves.toBe('toegevoegd');
}, 10_000);
