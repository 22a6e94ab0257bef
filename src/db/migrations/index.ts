import type { Migration } from 'kysely';
import * as foundation from './2026-11-22_001_foundation';
import * as signals from './2026-11-22_002_signals';
import * as auditMac from './2026-11-23_003_audit_mac';
import * as idempotencyKeys from './2026-11-23_004_idempotency_keys';
import * as loginThrottle from './2026-11-23_005_login_throttle';
import * as signalsInUse from './2026-11-23_006_signals_in_use';
import * as auditTrailFilters from './2026-11-23_007_audit_trail_filters';
import * as reportSummary from './2026-11-23_008_report_summary';
import * as sweepIndexes from './2026-11-23_009_sweep_indexes';
import * as searchSortIndexes from './2026-11-23_010_search_sort_indexes';
import * as textSearchIndexes from './2026-11-23_011_text_search_indexes';
import * as mandatoryReports from './2026-11-23_012_mandatory_reports';
import * as patterns from './2026-11-23_013_patterns';
import * as timelineIndexes from './2026-11-23_014_timeline_indexes';
import * as signalProviderSort from './2026-11-23_015_signal_provider_sort';
import * as risk from './2026-11-23_016_risk';
import * as dailyOverview from './2026-11-23_017_daily_overview';

// Listed explicitly so the same list works from TypeScript (tests, tsx) and compiled JavaScript.
export const migrations: Record<string, Migration> = {
  '2026-11-22_001_foundation': foundation,
  '2026-11-22_002_signals': signals,
  '2026-11-23_003_audit_mac': auditMac,
  '2026-11-23_004_idempotency_keys': idempotencyKeys,
  '2026-11-23_005_login_throttle': loginThrottle,
  '2026-11-23_006_signals_in_use': signalsInUse,
  '2026-11-23_007_audit_trail_filters': auditTrailFilters,
  '2026-11-23_008_report_summary': reportSummary,
  '2026-11-23_009_sweep_indexes': sweepIndexes,
  '2026-11-23_010_search_sort_indexes': searchSortIndexes,
  '2026-11-23_011_text_search_indexes': textSearchIndexes,
  '2026-11-23_012_mandatory_reports': mandatoryReports,
  '2026-11-23_013_patterns': patterns,
  '2026-11-23_014_timeline_indexes': timelineIndexes,
  '2026-11-23_015_signal_provider_sort': signalProviderSort,
  '2026-11-23_016_risk': risk,
  '2026-11-23_017_daily_overview': dailyOverview,
};
