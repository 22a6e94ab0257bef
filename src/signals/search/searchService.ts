import type { Db } from '../../db/connection';
import type { Clock } from '../../clock';
import type { Role } from '../../auth/roles';
import { ForbiddenError } from '../../common/errors';
import { amsterdamDay } from '../../common/time';
import { PAGE_SIZE } from '../../web/paging';
import * as repo from './searchRepository';
import { scopeOf, type Scope } from './conditions';
import { DEFAULT_FILTER, type SignalFilter } from './searchFilter';

/** A provider page shows its signals ten at a time, below everything else on the page. */
export const PROVIDER_PAGE_SIZE = 10;

export interface Searcher {
  id: string;
  roles: readonly Role[];
}

/** Finding signals: the search list and a provider's own signals, both limited to what the user may read. */
export function signalSearch(db: Db, clock: Clock) {
  async function search(user: Searcher, f: SignalFilter, size = PAGE_SIZE) {
    const scope: Scope = f.mine && user.roles.includes('inspecteur') ? { kind: 'inspector', userId: user.id } : scopeOf(user);
    if (scope.kind === 'none') throw new ForbiddenError('Uw rol geeft geen toegang tot signalen.');
    const now = clock.now();
    const today = amsterdamDay(now);
    // Past the last page (an old link, a list that shrank): the last page instead of an empty one.
    return { ...(await repo.search(db, f, scope, now, today, size)), now };
  }

  /** The beginning of a provider's timeline: its signals, newest first. Null when the user reads no signals at all. */
  async function ofProvider(user: Searcher, providerId: string, page: number) {
    if (scopeOf(user).kind === 'none') return null;
    return search(user, { ...DEFAULT_FILTER, provider: providerId, page }, PROVIDER_PAGE_SIZE);
  }

  return { search, ofProvider };
}

export type SignalSearch = ReturnType<typeof signalSearch>;
