import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from './logger';

export type Part = 'web' | 'worker';

export interface SuperviseOptions {
  /** The compiled entry (or, in tests, the TypeScript one: node's own flags such as a loader are passed on). */
  entry: string;
  /** Given to each child after its part, e.g. to skip the migration the supervisor already ran. */
  args: string[];
  log: Logger;
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** A child that stayed up this long counts as healthy again: its next restart waits the first delay. */
  stableMs?: number;
  /** How long a child may take to stop cleanly before it is killed. */
  stopTimeoutMs?: number;
}

/**
 * Runs each part as a child process and restarts one that dies, waiting 1 s, then 2, 4 … up to 30 s when it keeps
 * dying, so a crash of one part neither stops the other nor turns into a restart storm.
 */
export function supervise(parts: Part[], options: SuperviseOptions) {
  const { entry, args, log, firstDelayMs = 1000, maxDelayMs = 30_000, stableMs = 60_000, stopTimeoutMs = 15_000 } = options;
  const children = new Map<Part, ChildProcess>();
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;

  function start(part: Part, delayMs: number): void {
    const startedAt = Date.now();
    const child = fork(entry, [part, ...args]);
    children.set(part, child);
    log.info({ part, pid: child.pid }, `${part} gestart`);
    child.on('error', (err) => log.error({ part, err: err.message }, `${part} kon niet starten`));
    child.once('exit', (code, signal) => {
      children.delete(part);
      if (stopping) return;
      const upMs = Date.now() - startedAt;
      const waitMs = upMs >= stableMs ? firstDelayMs : delayMs;
      const reason = signal ? `signaal ${signal}` : `exitcode ${code}`;
      log.error(
        { part, pid: child.pid, code, signal, upMs, restartInMs: waitMs },
        `${part} gestopt (${reason}), herstart over ${waitMs / 1000} s`,
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) start(part, Math.min(waitMs * 2, maxDelayMs));
      }, waitMs);
      timers.add(timer);
    });
  }

  for (const part of parts) start(part, firstDelayMs);

  return {
    /** Asks every child to stop (SIGTERM: each closes its work, then its connections) and waits until all are gone. */
    async stop(): Promise<void> {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(
        [...children.values()].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const kill = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
              child.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
