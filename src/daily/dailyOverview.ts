import { sql } from 'kysely';
import type { Db, Executor } from '../db/connection';
import type { Clock } from '../clock';
import type { MailService } from '../mail/mailService';
import { hrefWith } from '../web/paging';
import { paths } from '../web/paths';
import * as repo from './dailyRepository';
import { coveredDay, dayBounds, dayText } from './days';
import { countsText, isEmpty, providerBlocks, type DayContent } from './dailyViews';

const DAILY_LOCK_CLASS = 1017;

/**
 * The inspectors' daily overview (issue 10, point 6): per provider they are assigned to, the signals, mandatory reports
 * and new or strengthened alerts the IGJ registered on one Amsterdam calendar day, by reference, kind and place only.
 * The mail goes out the next morning (src/patterns/jobs.ts schedules it); the page /overzicht/dagelijks shows any day.
 *
 * Idempotent per day: each inspector's day gets one row in daily_overviews, written in the transaction of its mail
 * under a lock per inspector and day, so a second run, a second worker or a restarted one finds it and sends nothing.
 * The covered day follows from the clock's day, not its hour: runs later that day cover the same day.
 *
 * The hourly digest (src/patterns/digest.ts) stays the prompt notice of alerts; the daily overview does not mail an
 * alert again that a digest already named to that inspector after its last change of the day. It says how many it left
 * out and links to the page, which lists them all.
 */
export function dailyOverview(db: Db, clock: Clock, mail: MailService, baseUrl: string) {
  async function content(trx: Executor, userId: string, day: string): Promise<DayContent> {
    const w = { userId, ...dayBounds(day) };
    const [signals, reports, alerts] = await Promise.all([repo.signals(trx, w), repo.reports(trx, w), repo.alerts(trx, w)]);
    return { signals, reports, alerts };
  }

  /** The page's overview of one day for one inspector: every alert of the day, mailed by a digest or not. */
  async function read(userId: string, day: string) {
    const c = await content(db, userId, day);
    return { empty: isEmpty(c), counts: countsText(c), providers: providerBlocks(c, '') };
  }

  /** Writes one inspector's overview of `day`, or only its record when there is nothing new to mail. */
  async function writeOne(who: repo.Inspector, day: string, now: Date): Promise<string | undefined> {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${DAILY_LOCK_CLASS}, hashtext(${`${who.id} ${day}`}))`.execute(trx);
      if (await repo.written(trx, who.id, day)) return undefined;
      const all = await content(trx, who.id, day);
      const mailed = all.alerts.filter((a) => a.mailed).length;
      const fresh: DayContent = { ...all, alerts: all.alerts.filter((a) => !a.mailed) };
      let mailId: string | null = null;
      // Nothing new (alerts a digest already named do not count): no mail, only the record that the day is done.
      if (!isEmpty(fresh)) {
        const pageLink = `${baseUrl}${hrefWith(paths.daily, { dag: day })}`;
        mailId = await mail.write(trx, 'daily-overview', who.email, {
          name: who.name,
          dayText: dayText(day),
          counts: countsText(fresh),
          providers: providerBlocks(fresh, baseUrl),
          mailed,
          mailedOne: mailed === 1,
          pageLink,
        });
      }
      await trx
        .insertInto('daily_overviews')
        .values({
          user_id: who.id,
          day,
          sent_at: now,
          signals: fresh.signals.length,
          reports: fresh.reports.length,
          alerts: fresh.alerts.length,
          mail_id: mailId,
        })
        .execute();
      return mailId ?? undefined;
    });
  }

  /** The scheduled job: yesterday's overview (Amsterdam) for every inspector who has none yet. Returns the mails written. */
  async function sendAll(): Promise<number> {
    const now = clock.now();
    const day = coveredDay(now);
    const ids: string[] = [];
    for (const who of await repo.waiting(db, day)) {
      const id = await writeOne(who, day, now);
      if (id) ids.push(id);
    }
    await mail.dispatch(ids);
    return ids.length;
  }

  return { read, sendAll, coveredDay: () => coveredDay(clock.now()) };
}

export type DailyOverviewService = ReturnType<typeof dailyOverview>;
