import type { VerifyOptions } from './auditVerify';

type Progress = Parameters<NonNullable<VerifyOptions['onProgress']>>[0];

/**
 * verify-audit's progress, on a terminal only: one line, redrawn at most five times a second, wiped at the end so the
 * result stands alone. A log or a pipe gets nothing (the result lines are what scripts read).
 */
export function verifyProgress(out: Pick<NodeJS.WriteStream, 'isTTY' | 'write'> = process.stderr, clock = Date.now) {
  const started = clock();
  let drawn = 0;
  return {
    update: (p: Progress): void => {
      const now = clock();
      if (!out.isTTY || now - drawn < 200) return;
      drawn = now;
      // Ids follow the chain: how far between where the check began and the head when it began.
      const span = Number(BigInt(p.headId) - BigInt(p.fromId));
      const share = span <= 0 ? 1 : Math.min(1, Number(BigInt(p.lastId) - BigInt(p.fromId)) / span);
      const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '.');
      const secs = ((now - started) / 1000).toFixed(1);
      out.write(
        `\rAudittrail controleren [${bar}] ${String(Math.round(share * 100)).padStart(3)}% ${p.checked.toLocaleString('nl-NL')} regels ${secs} s`,
      );
    },
    done: (): void => {
      if (out.isTTY && drawn > 0) out.write('\r\x1b[K');
    },
  };
}
