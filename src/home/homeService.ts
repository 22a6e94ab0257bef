import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import type { Role } from '../auth/roles';
import { amsterdamDay } from '../common/time';
import * as repo from './homeRepository';
import { beheerderSection, inspectorSection, managerSection, meldpuntSection, mondayOf, weekBefore, type Section } from './homeViews';

/** The home page: for each role the user holds, that role's section (a user with two roles sees both). */
export function homeService(db: Db, clock: Clock) {
  return async function sections(user: { id: string; roles: readonly Role[] }): Promise<Section[]> {
    const now = clock.now();
    const today = amsterdamDay(now);
    const has = (r: Role) => user.roles.includes(r);
    const [meldpunt, inspector, manager, beheerder] = await Promise.all([
      has('meldpunt') ? repo.meldpunt(db, user.id, now, today) : undefined,
      has('inspecteur') ? repo.inspector(db, user.id, now, weekBefore(today)) : undefined,
      has('manager') ? repo.manager(db, now, today, mondayOf(today)) : undefined,
      has('beheerder') ? repo.beheerder(db, today) : undefined,
    ]);
    return [
      meldpunt && meldpuntSection(meldpunt, user.id),
      inspector && inspectorSection(inspector, weekBefore(today)),
      manager && managerSection(manager, mondayOf(today), today),
      beheerder && beheerderSection(beheerder, today),
    ].filter((s): s is Section => Boolean(s));
  };
}

export type HomeService = ReturnType<typeof homeService>;
