import { sql } from 'kysely';
import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import type { MailService } from '../mail/mailService';
import { fill, paths } from '../web/paths';
import { placeLine } from './places';
import { figureLine } from './views';
import { RULES, type Rule } from './types';

const HOUR_MS = 3_600_000;
// A first digest covers the last day, not every alert there ever was.
const FIRST_COVERS_MS = 24 * HOUR_MS;
const DIGEST_LOCK_CLASS = 1014;

interface Recipient {
  id: string;
  name: string;
  email: string;
  covered_until: Date | null;
}

/**
 * The e-mail digest to each active inspector: the open alerts about their providers that are new or strengthened since
 * their previous digest, at most one mail an hour per inspector. It names the rule, the place, the figures and a link,
 * never a reporter, a summary or an explanation. Idempotent: a second run within the hour finds the digest just written
 * (checked again under a lock per inspector, so two workers never both send), and a run with nothing new sends nothing.
 */
export function digest(db: Db, clock: Clock, mail: MailService, baseUrl: string) {
  async function recipients(now: Date): Promise<Recipient[]> {
    const { rows } = await sql<Recipient>`
      select u.id, u.name, u.email, d.covered_until
        from users u
        left join lateral (select sent_at, covered_until from pattern_digests where user_id = u.id order by sent_at desc limit 1) d on true
       where u.active and 'inspecteur' = any(u.roles)
         and (d.sent_at is null or d.sent_at <= ${new Date(now.getTime() - HOUR_MS)})
         and exists (select 1 from pattern_alerts a join provider_inspectors pi on pi.provider_id = a.provider_id and pi.user_id = u.id
                      where a.status = 'open' and a.updated_at <= ${now}
                        and a.updated_at > coalesce(d.covered_until, ${new Date(now.getTime() - FIRST_COVERS_MS)}))`.execute(db);
    return rows;
  }

  async function sendOne(r: Recipient, now: Date): Promise<string | undefined> {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${DIGEST_LOCK_CLASS}, hashtext(${r.id}))`.execute(trx);
      const last = await trx
        .selectFrom('pattern_digests')
        .select(['sent_at', 'covered_until'])
        .where('user_id', '=', r.id)
        .orderBy('sent_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (last && last.sent_at > new Date(now.getTime() - HOUR_MS)) return undefined;
      const since = last?.covered_until ?? new Date(now.getTime() - FIRST_COVERS_MS);
      const alerts = await trx
        .selectFrom('pattern_alerts as a')
        .innerJoin('provider_inspectors as pi', (j) => j.onRef('pi.provider_id', '=', 'a.provider_id').on('pi.user_id', '=', r.id))
        .innerJoin('providers as p', 'p.id', 'a.provider_id')
        .leftJoin('locations as l', 'l.id', 'a.location_id')
        .leftJoin('units as u', 'u.id', 'a.unit_id')
        .leftJoin('themes as t', 't.code', 'a.theme')
        .select([
          'a.id',
          'a.rule',
          'a.observed',
          'a.expected',
          'a.upper_limit',
          'a.created_at',
          'p.name as provider',
          'l.name as location',
          'u.name as unit',
          't.label as theme',
        ])
        .where('a.status', '=', 'open')
        .where('a.updated_at', '>', since)
        .where('a.updated_at', '<=', now)
        .orderBy('p.name')
        .orderBy('a.updated_at', 'desc')
        .execute();
      if (alerts.length === 0) return undefined;
      const mailId = await mail.write(trx, 'pattern-digest', r.email, {
        name: r.name,
        count: alerts.length,
        one: alerts.length === 1,
        alerts: alerts.map((a) => ({
          rule: RULES[a.rule as Rule] ?? a.rule,
          isNew: a.created_at > since,
          place: placeLine(a),
          theme: a.theme,
          figures: figureLine(a),
          link: `${baseUrl}${fill(paths.patterns.show, { id: a.id })}`,
        })),
        listLink: `${baseUrl}${paths.patterns.list}?status=open&mine=1`,
      });
      const { id: digestId } = await trx
        .insertInto('pattern_digests')
        .values({ user_id: r.id, sent_at: now, covered_until: now, alerts: alerts.length, mail_id: mailId })
        .returning('id')
        .executeTakeFirstOrThrow();
      // What this digest named, so the daily overview (src/daily) does not mail the same alerts again.
      await trx
        .insertInto('pattern_digest_alerts')
        .values(alerts.map((a) => ({ digest_id: digestId, alert_id: a.id })))
        .execute();
      return mailId;
    });
  }

  /** The scheduled job (every ten minutes): a digest for every inspector who has something new and had none this hour. */
  return async function sendDigests(): Promise<number> {
    const now = clock.now();
    const ids: string[] = [];
    for (const r of await recipients(now)) {
      const id = await sendOne(r, now);
      if (id) ids.push(id);
    }
    await mail.dispatch(ids);
    return ids.length;
  };
}
