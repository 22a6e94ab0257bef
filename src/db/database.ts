import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  roles: string[];
  team: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

interface ProvidersTable {
  id: Generated<string>;
  name: string;
  kvk_number: string | null;
  type: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

interface LocationsTable {
  id: Generated<string>;
  provider_id: string;
  name: string;
  address: string;
  municipality: string;
  region: string | null;
  created_at: CreatedAt;
}

interface UnitsTable {
  id: Generated<string>;
  location_id: string;
  name: string;
  care_type: string;
  places: number;
  created_at: CreatedAt;
}

interface ProviderInspectorsTable {
  provider_id: string;
  user_id: string;
}

interface ProviderStatusesTable {
  id: Generated<string>;
  provider_id: string;
  kind: string;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string | null, string | null | undefined, string | null>;
  note: string | null;
  created_at: CreatedAt;
  /** When the end (ends_on) was recorded, for the timeline's "as known on"; null: at created_at (migration 014). */
  ends_recorded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string;
  changes: ColumnType<unknown, string, never>;
  request_id: string | null;
  prev_hash: string;
  /** The entry's MAC (alg 'hmac-sha256') or, for entries made before keys were used, its sha256 hash. */
  hash: string;
  alg: Generated<'sha256' | 'hmac-sha256'>;
}

interface AuditInstanceTable {
  singleton: Generated<boolean>;
  instance_id: Generated<string>;
  legacy_until: string | null;
  created_at: CreatedAt;
}

interface MailOutboxTable {
  id: Generated<string>;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  template: string;
  status: string;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

interface FollowUpNormsTable {
  id: Generated<string>;
  label: string;
  reporter_types: string[];
  unit: string;
  amount: ColumnType<string, string | number, string | number>;
  created_at: CreatedAt;
  retired_at: Timestamp | null;
}

interface ThemesTable {
  code: string;
  label: string;
  active: Generated<boolean>;
  position: number;
}

interface SignalsTable {
  id: Generated<string>;
  reference: string;
  received_at: Timestamp;
  registered_at: Timestamp;
  registered_by: string | null;
  channel: string;
  reporter_type: string;
  young_person_self: boolean;
  anonymous: Generated<boolean>;
  consent_share: Generated<boolean>;
  receipt_hash: string | null;
  provider_id: string | null;
  location_id: string | null;
  unit_id: string | null;
  provider_text: string | null;
  /** coalesce(provider name, provider_text), kept by triggers: the list's sort key. */
  provider_sort: Generated<string | null>;
  concerns_closed_care: Generated<boolean>;
  summary: string;
  description: string;
  since_when: string | null;
  safe_now: string | null;
  status: string;
  assignee_id: string | null;
  norm_id: string;
  norm_label: string;
  due_at: Timestamp;
  contacted_at: Timestamp | null;
  contacted_by: string | null;
  breached_at: Timestamp | null;
  breach_reason: string | null;
  reminder_sent_at: Timestamp | null;
  warning_sent_at: Timestamp | null;
  unreachable_reason: string | null;
  unreachable_requested_by: string | null;
  unreachable_requested_at: Timestamp | null;
  unreachable_confirmed_by: string | null;
  unreachable_at: Timestamp | null;
  closed_at: Timestamp | null;
  contact_removed_at: Timestamp | null;
  /** Set when the young person says they are not safe now, or the assessment finds a serious threat. */
  urgent_at: Timestamp | null;
  /** The reporter's oldest message that no staff member has seen yet; null when nothing waits. */
  reporter_message_at: Timestamp | null;
  duplicate_of: string | null;
  updated_at: Timestamp;
}

interface SignalContactsTable {
  signal_id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  preferred_moments: string | null;
}

interface ContactAttemptsTable {
  id: Generated<string>;
  signal_id: string;
  at: Timestamp;
  channel: string;
  by_user_id: string | null;
  by_label: string;
  successful: boolean;
  note: string | null;
  structural_unsafety: string | null;
  boundary_crossing: string | null;
  not_discussed_reason: string | null;
  within_norm: boolean | null;
  created_at: Timestamp;
}

interface SignalEventsTable {
  id: Generated<string>;
  signal_id: string;
  at: Timestamp;
  kind: string;
  by_label: string;
  data: ColumnType<unknown, string | undefined, never>;
}

interface SignalAssessmentsTable {
  signal_id: string;
  possible_misstand: boolean;
  serious_threat: boolean;
  meldplicht: boolean;
  concerns_jzp: boolean;
  themes: string[];
  advice: string | null;
  referrals: string[];
  assessed_by: string | null;
  assessed_at: Timestamp;
}

interface ConsultationsTable {
  id: Generated<string>;
  signal_id: string;
  provider_id: string;
  created_at: Timestamp;
  due_at: Timestamp;
  outcome: string | null;
  outcome_by: string | null;
  outcome_at: Timestamp | null;
}

interface SignalMessagesTable {
  id: Generated<string>;
  signal_id: string;
  direction: 'staff' | 'reporter';
  body: string;
  author_id: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

// Written by connect-pg-simple; `expire` is a timestamp without time zone, compared in the connection's zone.
interface SessionsTable {
  sid: string;
  sess: unknown;
  expire: Timestamp;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  object_id: string | null;
  created_at: Generated<Date>;
}

export interface LoginThrottleTable {
  user_id: string;
  source: string;
  failures: number;
  last_failure_at: Date;
  wait_until: Date | null;
}

/** Kept by triggers on signals (migration 008): the follow-up report's counts per Amsterdam day of receipt. */
interface SignalDayFiguresTable {
  day: Date;
  youth: boolean;
  total: number;
  met: number;
  late: number;
  unreachable: number;
  waiting: number;
  duplicates: number;
  young_person_self: number;
}

/** First contacts per staff member, by day of receipt and (staff_month_figures) by its month's first day. */
interface StaffDayFiguresTable {
  day: Date;
  user_id: string;
  contacts: number;
  within_norm: number;
}

/** A mandatory report (melding) by a provider: calamiteit or geweld. */
interface MandatoryReportsTable {
  id: Generated<string>;
  reference: string;
  kind: 'calamiteit' | 'geweld';
  occurred_at: Date;
  reported_at: Date;
  registered_at: Date;
  registered_by: string | null;
  registered_via: 'ui' | 'api' | 'load';
  provider_id: string;
  location_id: string | null;
  unit_id: string | null;
  young_people_involved: number;
  death: Generated<boolean>;
  closed_care: boolean;
  summary: string;
  description: string;
  themes: Generated<string[]>;
  due_at: Date;
  late: boolean;
  decision: 'zelf-onderzoek' | 'igj-onderzoek' | 'geen-actie' | null;
  decision_reasons: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  updated_at: Date;
}

/** Pattern detection (migration 013): one tunable value of a rule, e.g. cluster / windowDays. */
interface PatternRuleSettingsTable {
  rule: string;
  key: string;
  value: ColumnType<string, string | number, string | number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
}

/** An alert (waarschuwing) raised by a pattern rule; open until an inspector records a decision. */
interface PatternAlertsTable {
  id: Generated<string>;
  rule: string;
  provider_id: string;
  location_id: string | null;
  unit_id: string | null;
  theme: string | null;
  explanation: string;
  observed: ColumnType<string, string | number, string | number>;
  expected: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  upper_limit: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  status: Generated<'open' | 'closed'>;
  created_at: Timestamp;
  updated_at: Timestamp;
  decision: string | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

interface PatternAlertItemsTable {
  alert_id: string;
  kind: 'signal' | 'report';
  item_id: string;
  added_at: Timestamp;
}

interface PatternAlertHistoryTable {
  id: Generated<string>;
  alert_id: string;
  at: Timestamp;
  kind: 'created' | 'strengthened';
  observed: ColumnType<string, string | number, string | number>;
  expected: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  upper_limit: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  items: number;
  explanation: string;
}

/** Minimal until the inspections issue: the recurrence rule reads the closed ones. */
interface ImprovementTrajectoriesTable {
  id: Generated<string>;
  provider_id: string;
  location_id: string | null;
  unit_id: string | null;
  themes: Generated<string[]>;
  opened_at: Timestamp;
  closed_at: Timestamp | null;
  created_at: CreatedAt;
}

interface PatternDigestsTable {
  id: Generated<string>;
  user_id: string;
  sent_at: Timestamp;
  covered_until: Timestamp;
  alerts: number;
  mail_id: string | null;
}

/** Which alerts a digest named (migration 017): the daily overview leaves them out of its mail. */
interface PatternDigestAlertsTable {
  digest_id: string;
  alert_id: string;
}

/** One inspector's daily overview of one Amsterdam day (migration 017); no mail_id when there was nothing new. */
interface DailyOverviewsTable {
  user_id: string;
  day: ColumnType<string, string, string>;
  sent_at: Timestamp;
  signals: number;
  reports: number;
  alerts: number;
  mail_id: string | null;
}

/** The rise rule's comparable groups per care type, as the nightly scan counted them (migration 013). */
interface PatternPeerRatesTable {
  care_type: string;
  window_days: number;
  window_from: Timestamp;
  window_to: Timestamp;
  signals: number;
  places: number;
}

/** One narrow row per counted signal (not a duplicate, about a provider), kept by triggers (migration 016): the risk overview's window. */
interface RiskSignalsTable {
  signal_id: string;
  received_at: Date;
  provider_id: string;
  location_id: string | null;
  unit_id: string | null;
}

export interface Database {
  signal_day_figures: SignalDayFiguresTable;
  staff_day_figures: StaffDayFiguresTable;
  staff_month_figures: Omit<StaffDayFiguresTable, 'day'> & { month: Date };
  follow_up_norms: FollowUpNormsTable;
  themes: ThemesTable;
  signals: SignalsTable;
  signal_contacts: SignalContactsTable;
  contact_attempts: ContactAttemptsTable;
  signal_events: SignalEventsTable;
  signal_assessments: SignalAssessmentsTable;
  consultations: ConsultationsTable;
  signal_messages: SignalMessagesTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  providers: ProvidersTable;
  locations: LocationsTable;
  units: UnitsTable;
  provider_inspectors: ProviderInspectorsTable;
  provider_statuses: ProviderStatusesTable;
  audit_log: AuditLogTable;
  audit_instance: AuditInstanceTable;
  mail_outbox: MailOutboxTable;
  sessions: SessionsTable;
  idempotency_keys: IdempotencyKeysTable;
  login_throttle: LoginThrottleTable;
  mandatory_reports: MandatoryReportsTable;
  pattern_rule_settings: PatternRuleSettingsTable;
  pattern_alerts: PatternAlertsTable;
  pattern_alert_items: PatternAlertItemsTable;
  pattern_alert_history: PatternAlertHistoryTable;
  improvement_trajectories: ImprovementTrajectoriesTable;
  pattern_digests: PatternDigestsTable;
  pattern_peer_rates: PatternPeerRatesTable;
  risk_signals: RiskSignalsTable;
  pattern_digest_alerts: PatternDigestAlertsTable;
  daily_overviews: DailyOverviewsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type ProviderRow = Selectable<ProvidersTable>;
export type LocationRow = Selectable<LocationsTable>;
export type UnitRow = Selectable<UnitsTable>;
export type ProviderStatusRow = Selectable<ProviderStatusesTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type AuditInstanceRow = Selectable<AuditInstanceTable>;
export type MailRow = Selectable<MailOutboxTable>;
export type NormRow = Selectable<FollowUpNormsTable>;
export type SignalRow = Selectable<SignalsTable>;
export type NewSignalRow = Insertable<SignalsTable>;
export type SignalContactRow = Selectable<SignalContactsTable>;
export type ContactAttemptRow = Selectable<ContactAttemptsTable>;
export type SignalEventRow = Selectable<SignalEventsTable>;
export type AssessmentRow = Selectable<SignalAssessmentsTable>;
export type ConsultationRow = Selectable<ConsultationsTable>;
export type MessageRow = Selectable<SignalMessagesTable>;
export type MandatoryReportRow = Selectable<MandatoryReportsTable>;
export type NewMandatoryReportRow = Insertable<MandatoryReportsTable>;
export type PatternAlertRow = Selectable<PatternAlertsTable>;
