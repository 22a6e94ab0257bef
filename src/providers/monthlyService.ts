import type { Db } from '../db/connection';
import type { Clock } from '../clock';
import { amsterdamDay } from '../common/time';
import { monthlyCounts, type PlaceRef } from './monthlyCounts';
import { countBars, periodRange, type Period } from './monthlyViews';

/** Signals and reports per month (or year) of a provider, location or group, up to this month in Amsterdam. */
export function monthlyService(db: Db, clock: Clock) {
  return {
    async bars(place: PlaceRef, period: Period) {
      const range = periodRange(period, amsterdamDay(clock.now()).slice(0, 7));
      return { range, bars: countBars(await monthlyCounts(db, place, range), range) };
    },
  };
}

export type MonthlyService = ReturnType<typeof monthlyService>;
