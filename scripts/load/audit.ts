import { sql } from 'kysely';
import type { Db } from '../../src/db/connection';
import { GENESIS_HASH, entryMac, type HashedFields } from '../../src/audit/hash';
import { progress } from './progress';

interface Row {
  id: string;
  /** registered_at as PostgreSQL's text, microseconds and all: a JS Date would cut them and page over the same rows again. */
  at_key: string;
  reference: string;
  registered_at: Date;
  registered_by: string | null;
  assignee_id: string | null;
  contacted_at: Date | null;
  contacted_by: string | null;
  closed_at: Date | null;
  assessed_at: Date | null;
}

/**
 * The audit trail of the generated history, chained with the real key so `verify-audit` passes. A chain is one entry
 * after another, so it is computed here in id order and written in batches, not in SQL.
 */
export async function writeAudit(db: Db, key: Buffer, total: number): Promise<number> {
  const last = (await sql<{ hash: string }>`select hash from audit_log order by id desc limit 1`.execute(db)).rows[0];
  let prev = last?.hash ?? GENESIS_HASH;
  let written = 0;
  let after: { at: string; id: string } | undefined;
  const bar = progress('Audittrail', total);
  let seen = 0;
  for (;;) {
    const rows = (
      await sql<Row>`select s.id, s.registered_at::text as at_key, s.reference, s.registered_at, s.registered_by, s.assignee_id, s.contacted_at, s.contacted_by, s.closed_at, a.assessed_at
        from signals s left join signal_assessments a on a.signal_id = s.id
        where ${after ? sql`(s.registered_at, s.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql`true`}
        order by s.registered_at, s.id limit 10000`.execute(db)
    ).rows;
    if (rows.length === 0) break;
    const entries: HashedFields[] = [];
    for (const r of rows) {
      const staff = (id: string | null) => ({ actorId: id, actorLabel: id ? 'Meldpunt' : 'Publiek formulier', requestId: null });
      entries.push({
        at: r.registered_at,
        ...staff(r.registered_by),
        action: 'create',
        objectType: 'signal',
        objectId: r.id,
        changes: { reference: r.reference },
      });
      if (r.assignee_id)
        entries.push({
          at: new Date(r.registered_at.getTime() + 600_000),
          ...staff(r.assignee_id),
          action: 'read',
          objectType: 'signal',
          objectId: r.id,
          changes: { fields: ['contact'] },
        });
      if (r.contacted_at)
        entries.push({
          at: r.contacted_at,
          ...staff(r.contacted_by),
          action: 'create',
          objectType: 'contact-attempt',
          objectId: r.id,
          changes: { successful: true },
        });
      if (r.assessed_at)
        entries.push({
          at: r.assessed_at,
          ...staff(r.assignee_id),
          action: 'create',
          objectType: 'signal-assessment',
          objectId: r.id,
          changes: {},
        });
      if (r.closed_at)
        entries.push({
          at: r.closed_at,
          ...staff(r.assignee_id),
          action: 'update',
          objectType: 'signal',
          objectId: r.id,
          changes: { status: { before: 'in-behandeling', after: 'afgesloten' } },
        });
    }
    prev = await append(db, key, prev, entries);
    written += entries.length;
    seen += rows.length;
    bar.tick(seen);
    const tail = rows[rows.length - 1]!;
    after = { at: tail.at_key, id: tail.id };
  }
  bar.done();
  return written;
}

/** Appends entries to the chain after `prev`, in one insert; returns the new head. */
async function append(db: Db, key: Buffer, head: string, entries: HashedFields[]): Promise<string> {
  let prev = head;
  const ids = (
    await sql<{ id: string }>`select nextval('audit_log_id_seq')::text as id from generate_series(1, ${entries.length}::int)`.execute(db)
  ).rows.map((r) => r.id);
  const cols = {
    id: [] as string[],
    at: [] as Date[],
    actor: [] as (string | null)[],
    label: [] as string[],
    action: [] as string[],
    type: [] as string[],
    object: [] as string[],
    changes: [] as string[],
    prev: [] as string[],
    hash: [] as string[],
  };
  entries.forEach((e, i) => {
    const id = ids[i]!;
    const mac = entryMac(key, prev, id, e);
    cols.id.push(id);
    cols.at.push(e.at);
    cols.actor.push(e.actorId);
    cols.label.push(e.actorLabel);
    cols.action.push(e.action);
    cols.type.push(e.objectType);
    cols.object.push(e.objectId);
    cols.changes.push(JSON.stringify(e.changes));
    cols.prev.push(prev);
    cols.hash.push(mac);
    prev = mac;
  });
  await sql`insert into audit_log (id, at, actor_id, actor_label, action, object_type, object_id, changes, request_id, prev_hash, hash, alg)
    select id, at, actor, label, action, type, object, changes, null, prev, hash, 'hmac-sha256'
    from unnest(${cols.id}::bigint[], ${cols.at}::timestamptz[], ${cols.actor}::uuid[], ${cols.label}::text[], ${cols.action}::text[], ${cols.type}::text[],
                ${cols.object}::text[], ${cols.changes}::jsonb[], ${cols.prev}::text[], ${cols.hash}::text[])
      as t(id, at, actor, label, action, type, object, changes, prev, hash)`.execute(db);
  return prev;
}

/** The audit entries of the generated mandatory reports, after the signals' entries: registered, and decided. */
export async function writeReportAudit(db: Db, key: Buffer, total: number): Promise<number> {
  let prev = (await sql<{ hash: string }>`select hash from audit_log order by id desc limit 1`.execute(db)).rows[0]?.hash ?? GENESIS_HASH;
  const bar = progress('Audittrail meldingen', total);
  let written = 0;
  let seen = 0;
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const rows = (
      await sql<{ id: string; reference: string; registered_at: Date; decision: string | null; decided_at: Date | null }>`
        select id, reference, registered_at, decision, decided_at from mandatory_reports where id > ${after}::uuid order by id limit 10000`.execute(
        db,
      )
    ).rows;
    if (rows.length === 0) break;
    const system = { actorId: null, actorLabel: 'Koppeling meldingen', requestId: null };
    const entries: HashedFields[] = rows.flatMap((r) => [
      {
        at: r.registered_at,
        ...system,
        action: 'create',
        objectType: 'mandatory-report',
        objectId: r.id,
        changes: { reference: r.reference },
      },
      ...(r.decision && r.decided_at
        ? [
            {
              at: r.decided_at,
              ...system,
              actorLabel: 'Inspecteur',
              action: 'update',
              objectType: 'mandatory-report',
              objectId: r.id,
              changes: { decision: { before: null, after: r.decision } },
            },
          ]
        : []),
    ]);
    prev = await append(db, key, prev, entries);
    written += entries.length;
    seen += rows.length;
    bar.tick(seen);
    after = rows[rows.length - 1]!.id;
  }
  bar.done();
  return written;
}
