import nodemailer, { type Transporter } from 'nodemailer';
import type { Db, Executor } from '../db/connection';
import type { MailRow } from '../db/database';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Queues } from '../jobs/queues';
import { isUuid } from '../common/errors';
import * as repo from './mailRepository';
import { renderMail, type MailTemplate } from './templates';

export interface Mail {
  id: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

const toMail = (r: MailRow): Mail => ({
  id: r.id,
  recipient: r.recipient,
  subject: r.subject,
  html: r.html,
  text: r.text,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

/**
 * Mail goes through the outbox table: the request only writes a row (in its own transaction) and queues the id.
 * The worker sends it over SMTP, or, without SMTP_URL, marks it stored so a beheerder reads it in the UI.
 */
export function mailService(db: Db, clock: Clock, queues: Queues, log: Logger, smtpUrl: string | undefined, from: string) {
  const transport: Transporter | undefined = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined;

  async function write(trx: Executor, template: MailTemplate, to: string, context: Record<string, unknown>): Promise<string> {
    const m = renderMail(template, context);
    const row = await repo.insert(trx, { recipient: to, ...m, template, status: 'queued', created_at: clock.now() });
    return row.id;
  }

  /** Call after the transaction that wrote the mail has committed. A Redis failure is logged; the sweep re-queues. */
  async function dispatch(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      // One call for all of them. The job ids are deterministic, so an add that still lands later sends nothing twice.
      const jobs = ids.map((mailId) => ({ name: 'send', data: { mailId }, opts: { jobId: `mail-${mailId}` } }));
      await queues.addQuickly('mail in wachtrij zetten', () => queues.mail.addBulk(jobs));
    } catch (e) {
      log.warn({ mails: ids.length, err: (e as Error).message }, 'mail niet in de wachtrij gezet; de sweep probeert het opnieuw');
    }
  }

  async function send(template: MailTemplate, to: string, context: Record<string, unknown>): Promise<string> {
    const id = await db.transaction().execute((trx) => write(trx, template, to, context));
    await dispatch([id]);
    return id;
  }

  /** Worker side. Idempotent: a mail already sent or stored is left alone. */
  async function deliver(mailId: string, finalAttempt: boolean): Promise<void> {
    const mail = await repo.findById(db, mailId);
    if (!mail || mail.status !== 'queued') return;
    if (!transport) {
      await repo.markDone(db, mailId, 'stored', clock.now());
      return;
    }
    try {
      await transport.sendMail({ from, to: mail.recipient, subject: mail.subject, html: mail.html, text: mail.text });
      await repo.markDone(db, mailId, 'sent', clock.now());
    } catch (e) {
      await repo.markAttemptFailed(db, mailId, (e as Error).message, finalAttempt);
      throw e;
    }
  }

  /** Re-queues mail that has waited over a minute, e.g. because Redis was down when it was written. */
  async function requeueStale(): Promise<number> {
    const stale = await repo.queuedBefore(db, new Date(clock.now().getTime() - 60_000));
    await dispatch(stale.map((s) => s.id));
    return stale.length;
  }

  return {
    write,
    dispatch,
    send,
    deliver,
    requeueStale,
    list: async (limit = 200, status?: string) => (await repo.list(db, limit, status)).map(toMail),
    get: async (id: string) => {
      const r = isUuid(id) ? await repo.findById(db, id) : undefined;
      return r && toMail(r);
    },
    close: () => transport?.close(),
  };
}

export type MailService = ReturnType<typeof mailService>;
