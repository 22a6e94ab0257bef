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
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
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
  hash: string;
}

interface AuditHeadTable {
  singleton: Generated<boolean>;
  last_id: string;
  last_hash: string;
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

export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  providers: ProvidersTable;
  locations: LocationsTable;
  units: UnitsTable;
  provider_inspectors: ProviderInspectorsTable;
  provider_statuses: ProviderStatusesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  mail_outbox: MailOutboxTable;
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
export type MailRow = Selectable<MailOutboxTable>;
