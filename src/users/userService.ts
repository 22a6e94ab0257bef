import type { Db } from '../db/connection';
import type { UserRow } from '../db/database';
import type { Clock } from '../clock';
import type { AuditService } from '../audit/auditService';
import type { MailService } from '../mail/mailService';
import { diff } from '../audit/auditService';
import type { Actor } from '../audit/types';
import { NotFoundError, ValidationError, check, checkAll, isEmail } from '../common/errors';
import { isRole, type Role } from '../auth/roles';
import { DUMMY_HASH, MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from '../auth/password';
import * as repo from './userRepository';
import type { User, UserInput } from './types';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    roles: r.roles.filter(isRole),
    team: r.team,
    active: r.active,
    lockedUntil: r.locked_until,
  };
}

function validate(input: UserInput): { email: string; name: string; roles: Role[]; team: string | null } {
  const email = input.email.trim();
  const name = input.name.trim();
  check([
    ['email', isEmail(email), 'Vul een geldig e-mailadres in, bijvoorbeeld naam@igj.nl'],
    ['name', name.length > 0, 'Vul de naam in'],
    ['roles', input.roles.length > 0, 'Kies minstens één rol'],
    ['roles', input.roles.every(isRole), 'Kies alleen rollen uit de lijst'],
  ]);
  return { email, name, roles: [...new Set(input.roles)] as Role[], team: input.team?.trim() || null };
}

function checkPassword(password: string): void {
  check([['password', password.length >= MIN_PASSWORD_LENGTH, `Het wachtwoord moet minstens ${MIN_PASSWORD_LENGTH} tekens hebben`]]);
}

export type LoginResult = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'locked' | 'inactive' };

export function userService(db: Db, clock: Clock, audit: AuditService, mail: MailService, loginUrl: string) {
  async function get(id: string): Promise<User> {
    const row = await repo.findById(db, id);
    if (!row) throw new NotFoundError('Gebruiker niet gevonden');
    return toUser(row);
  }

  async function create(actor: Actor, input: UserInput & { password: string }): Promise<User> {
    checkAll(() => validate(input), () => checkPassword(input.password));
    const v = validate(input);
    if (await repo.findByEmail(db, v.email)) throw new ValidationError({ email: 'Er is al een gebruiker met dit e-mailadres' });
    const passwordHash = await hashPassword(input.password);
    const { user, mailId } = await db.transaction().execute(async (trx) => {
      const row = await repo.insert(trx, { email: v.email, name: v.name, roles: v.roles, team: v.team, password_hash: passwordHash });
      await audit.record(trx, actor, { action: 'create', objectType: 'user', objectId: row.id, changes: diff({}, v) });
      return { user: toUser(row), mailId: await mail.write(trx, 'welcome', row.email, { name: row.name, loginUrl }) };
    });
    await mail.dispatch([mailId]);
    return user;
  }

  async function update(actor: Actor, id: string, input: UserInput): Promise<User> {
    const v = validate(input);
    const before = await get(id);
    const other = await repo.findByEmail(db, v.email);
    if (other && other.id !== id) throw new ValidationError({ email: 'Er is al een gebruiker met dit e-mailadres' });
    return db.transaction().execute(async (trx) => {
      const row = await repo.update(trx, id, { ...v, updated_at: clock.now() });
      const changes = diff({ email: before.email, name: before.name, roles: before.roles, team: before.team }, v);
      await audit.record(trx, actor, { action: 'update', objectType: 'user', objectId: id, changes });
      return toUser(row);
    });
  }

  async function setActive(actor: Actor, id: string, active: boolean): Promise<void> {
    const before = await get(id);
    if (actor.userId === id && !active) throw new ValidationError({ active: 'U kunt uw eigen account niet deactiveren' });
    await db.transaction().execute(async (trx) => {
      await repo.update(trx, id, { active, updated_at: clock.now() });
      await audit.record(trx, actor, { action: active ? 'activate' : 'deactivate', objectType: 'user', objectId: id, changes: diff({ active: before.active }, { active }) });
    });
  }

  async function resetPassword(actor: Actor, id: string, password: string): Promise<User> {
    checkPassword(password);
    const user = await get(id);
    const passwordHash = await hashPassword(password);
    const mailId = await db.transaction().execute(async (trx) => {
      await repo.update(trx, id, { password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: clock.now() });
      // The audit entry says that it happened, never the password or its hash.
      await audit.record(trx, actor, { action: 'reset-password', objectType: 'user', objectId: id });
      return mail.write(trx, 'password-reset', user.email, { name: user.name, loginUrl });
    });
    await mail.dispatch([mailId]);
    return user;
  }

  /** Checks e-mail and password; five failures in a row lock the account for fifteen minutes. */
  async function login(email: string, password: string): Promise<LoginResult> {
    const row = await repo.findByEmail(db, email.trim());
    if (!row) {
      await verifyPassword(DUMMY_HASH, password);
      return { ok: false, reason: 'invalid' };
    }
    const now = clock.now();
    if (row.locked_until && row.locked_until > now) return { ok: false, reason: 'locked' };
    const valid = await verifyPassword(row.password_hash, password);
    if (!valid) {
      const failed = row.failed_logins + 1;
      const lock = failed >= MAX_FAILED_LOGINS;
      await repo.update(db, row.id, {
        failed_logins: lock ? 0 : failed,
        locked_until: lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : row.locked_until,
      });
      return { ok: false, reason: lock ? 'locked' : 'invalid' };
    }
    if (!row.active) return { ok: false, reason: 'inactive' };
    if (row.failed_logins > 0 || row.locked_until) await repo.update(db, row.id, { failed_logins: 0, locked_until: null });
    return { ok: true, user: toUser(row) };
  }

  async function activeById(id: string): Promise<User | undefined> {
    const row = await repo.findById(db, id);
    return row && row.active ? toUser(row) : undefined;
  }

  return {
    get,
    create,
    update,
    setActive,
    resetPassword,
    login,
    activeById,
    list: async () => (await repo.list(db)).map(toUser),
    withRole: async (role: Role) => (await repo.withRole(db, role)).map(toUser),
  };
}

export type UserService = ReturnType<typeof userService>;
