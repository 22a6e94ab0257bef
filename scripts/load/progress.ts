/** A one-line progress bar on stderr: what step, how far, how long so far. */
export function progress(label: string, total: number) {
  const started = Date.now();
  let last = 0;
  let lastShare = 0;
  const tty = process.stderr.isTTY;
  const draw = (done: number, final = false) => {
    const now = Date.now();
    const share = total === 0 ? 1 : Math.min(1, done / total);
    // A terminal gets a redrawn bar; a log file a line per tenth.
    if (!final && (tty ? now - last < 200 : Math.floor(share * 10) === Math.floor(lastShare * 10))) return;
    last = now;
    lastShare = share;
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
    const secs = ((now - started) / 1000).toFixed(1);
    process.stderr.write(
      `${tty ? '\r' : ''}${label.padEnd(28)} [${bar}] ${String(Math.round(share * 100)).padStart(3)}% ${done.toLocaleString('nl-NL')}/${total.toLocaleString('nl-NL')} ${secs} s${final || !tty ? '\n' : ''}`,
    );
  };
  return { tick: (done: number) => draw(done), done: () => (tty || lastShare < 1 ? draw(total, true) : undefined) };
}

/** Runs `step` over [1, total] in batches, with a bar. */
export async function inBatches(
  label: string,
  total: number,
  size: number,
  step: (from: number, to: number) => Promise<void>,
): Promise<void> {
  const bar = progress(label, total);
  for (let from = 1; from <= total; from += size) {
    const to = Math.min(total, from + size - 1);
    await step(from, to);
    bar.tick(to);
  }
  bar.done();
}
