import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/db/connection';

// Timeline items written straight into the tables, at exact instants (microseconds too), so order, ties and "as known
// on" can be set up precisely. Personal data goes in the fields the timeline must never show.

export const SECRET = 'Sanne de Vries 06-12345678';

let seq = 0;
// A year no real reference has, so these never collide with those the app or the demo seed numbers.
const ref = (prefix: string) => `${prefix}-1990-${String(++seq).padStart(6, '0')}`;

export async function insertSignal(
  db: Db,
  v: { providerId: string; at: string; registeredAt?: string; locationId?: string; unitId?: string; id?: string; reporterType?: string },
): Promise<string> {
  const id = v.id ?? randomUUID();
  await sql`insert into signals (id, reference, received_at, registered_at, channel, reporter_type, young_person_self, provider_id,
      location_id, unit_id, summary, description, status, norm_id, norm_label, due_at, updated_at)
    select ${id}::uuid, ${ref('S')}, ${v.at}::timestamptz, coalesce(${v.registeredAt ?? null}::timestamptz, ${v.at}::timestamptz),
      'telefoon', ${v.reporterType ?? 'jeugdige'}, true, ${v.providerId}::uuid, ${v.locationId ?? null}::uuid, ${v.unitId ?? null}::uuid,
      ${`Samenvatting van ${SECRET}`}, ${`Beschrijving: ${SECRET}`}, 'nieuw', n.id, n.label, ${v.at}::timestamptz + interval '48 hours', now()
    from follow_up_norms n order by n.created_at limit 1`.execute(db);
  return id;
}

export async function assess(db: Db, signalId: string, themes: string[], at: string): Promise<void> {
  await sql`insert into signal_assessments (signal_id, possible_misstand, serious_threat, meldplicht, concerns_jzp, themes, referrals,
      assessed_at, advice)
    values (${signalId}::uuid, false, false, false, false, ${themes}::text[], '{}', ${at}::timestamptz, ${`Advies aan ${SECRET}`})`.execute(
    db,
  );
}

export async function insertReport(
  db: Db,
  v: {
    providerId: string;
    at: string;
    registeredAt?: string;
    locationId?: string;
    unitId?: string;
    themes?: string[];
    death?: boolean;
    late?: boolean;
  },
): Promise<string> {
  const id = randomUUID();
  await sql`insert into mandatory_reports (id, reference, kind, occurred_at, reported_at, registered_at, registered_via, provider_id,
      location_id, unit_id, young_people_involved, death, closed_care, summary, description, themes, due_at, late, updated_at)
    values (${id}::uuid, ${ref('M')}, 'calamiteit', ${v.at}::timestamptz, ${v.at}::timestamptz,
      coalesce(${v.registeredAt ?? null}::timestamptz, ${v.at}::timestamptz), 'api', ${v.providerId}::uuid, ${v.locationId ?? null}::uuid,
      ${v.unitId ?? null}::uuid, 1, ${v.death ?? false}, false, ${`Melding over ${SECRET}`}, ${`Beschrijving: ${SECRET}`},
      ${v.themes ?? []}::text[], ${v.at}::timestamptz + interval '3 days', ${v.late ?? false}, now())`.execute(db);
  return id;
}

export async function insertConsultation(
  db: Db,
  v: { signalId: string; providerId: string; at: string; outcomeAt?: string },
): Promise<string> {
  const id = randomUUID();
  await sql`insert into consultations (id, signal_id, provider_id, created_at, due_at, outcome, outcome_at)
    values (${id}::uuid, ${v.signalId}::uuid, ${v.providerId}::uuid, ${v.at}::timestamptz, ${v.at}::timestamptz + interval '5 days',
      ${v.outcomeAt ? `Besproken met ${SECRET}` : null}, ${v.outcomeAt ?? null}::timestamptz)`.execute(db);
  return id;
}

export async function insertStatus(
  db: Db,
  v: { providerId: string; kind: string; startsOn: string; endsOn?: string; createdAt: string; endsRecordedAt?: string },
): Promise<string> {
  const id = randomUUID();
  await sql`insert into provider_statuses (id, provider_id, kind, starts_on, ends_on, note, created_at, ends_recorded_at)
    values (${id}::uuid, ${v.providerId}::uuid, ${v.kind}, ${v.startsOn}::date, ${v.endsOn ?? null}::date, ${`Notitie ${SECRET}`},
      ${v.createdAt}::timestamptz, ${v.endsRecordedAt ?? null}::timestamptz)`.execute(db);
  return id;
}
