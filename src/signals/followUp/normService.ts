import type { Db } from '../../db/connection';
import type { Clock } from '../../clock';
import type { AuditService } from '../../audit/auditService';
import { diff } from '../../audit/auditService';
import type { Actor } from '../../audit/types';
import { NotFoundError, check, textRules } from '../../common/errors';
import { LIMITS } from '../../common/limits';
import { REPORTER_TYPES } from '../types';

export interface NormInput {
  label: string;
  unit: string;
  amount: string | number;
  reporterTypes: string[];
}

/** Norms are data. A change retires the norm and adds a new version; signals keep the version they got. */
export function normService(db: Db, clock: Clock, audit: AuditService) {
  const active = () => db.selectFrom('follow_up_norms').selectAll().where('retired_at', 'is', null).orderBy('created_at').execute();

  async function replace(actor: Actor, normId: string, input: NormInput): Promise<string> {
    const amount = Number(input.amount);
    check([
      ['label', input.label.trim().length > 0, 'Geef de norm een naam'],
      ...textRules({ label: [input.label, LIMITS.name] }),
      ['unit', input.unit === 'hours' || input.unit === 'working-days', 'Kies uren of werkdagen'],
      ['amount', Number.isFinite(amount) && amount > 0 && amount <= 1000, 'Vul een positief aantal in'],
      [
        'reporterTypes',
        input.reporterTypes.length > 0 && input.reporterTypes.every((t) => Object.hasOwn(REPORTER_TYPES, t)),
        'Kies voor welke melders de norm geldt',
      ],
    ]);
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const old = await trx
        .selectFrom('follow_up_norms')
        .selectAll()
        .where('id', '=', normId)
        .where('retired_at', 'is', null)
        .forUpdate()
        .executeTakeFirst();
      if (!old) throw new NotFoundError('Norm niet gevonden');
      // Another active norm may not claim the same reporter types.
      const others = (
        await trx.selectFrom('follow_up_norms').select('reporter_types').where('retired_at', 'is', null).where('id', '!=', normId).execute()
      ).flatMap((n) => n.reporter_types);
      check([
        ['reporterTypes', !input.reporterTypes.some((t) => others.includes(t)), 'Een van deze melders valt al onder een andere norm'],
      ]);
      await trx.updateTable('follow_up_norms').set({ retired_at: now }).where('id', '=', normId).execute();
      const created = await trx
        .insertInto('follow_up_norms')
        .values({ label: input.label.trim(), unit: input.unit, amount, reporter_types: input.reporterTypes, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit.record(trx, actor, {
        action: 'update',
        objectType: 'follow-up-norm',
        objectId: created.id,
        changes: diff(
          { replaces: null, label: old.label, unit: old.unit, amount: Number(old.amount), reporterTypes: old.reporter_types },
          { replaces: old.id, label: input.label.trim(), unit: input.unit, amount, reporterTypes: input.reporterTypes },
        ),
      });
      return created.id;
    });
  }

  async function get(id: string) {
    const n = await db.selectFrom('follow_up_norms').selectAll().where('id', '=', id).executeTakeFirst();
    if (!n) throw new NotFoundError('Norm niet gevonden');
    return n;
  }

  return { active, replace, get };
}

export type NormService = ReturnType<typeof normService>;
