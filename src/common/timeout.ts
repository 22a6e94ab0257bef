/** Rejects when the promise has not settled in time; the work itself may still finish later. */
export function withTimeout<T>(p: Promise<T>, ms: number, what = 'bewerking'): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} duurde langer dan ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
