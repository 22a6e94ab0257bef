import type { Db, Executor } from '../db/connection';
import type { UserRow } from '../db/database';
import type { Clock } from '../clock';
import type { AuditService } from '../audit/auditService';
import type { MailService } from '../mail/mailService';
import { diff } from '../audit/auditService';
import type { Actor } from '../audit/types';
import { NotFoundError, ValidationError, check, checkAll, isEmail, textProblem, textRules, uniquely } from '../common/errors';
import { LIMITS } from '../common/limits';
import { isRole, type Role } from '../auth/roles';
import { DUMMY_HASH, MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from '../auth/password';
import * as repo from './userRepository';
import * as throttle from './loginThrottle';
import { endSessionsOf } from '../auth/sessionRepository';
import { labels } from '../web/labels';
import { PERSONAL_DATA_ROLES, grantedPersonalDataRoles, sameRoles } from './roleGrants';
import type { User, UserInput } from './types';

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    roles: r.roles.filter(isRole),
    team: r.team,
    active: r.active,
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
    ...textRules({ email: [input.email, LIMITS.email], name: [input.name, LIMITS.name], team: [input.team, LIMITS.name] }),
  ]);
  return { email, name, roles: [...new Set(input.roles)] as Role[], team: input.team?.trim() || null };
}

function checkPassword(password: string): void {
  check([
    ['password', password.length >= MIN_PASSWORD_LENGTH, `Het wachtwoord moet minstens ${MIN_PASSWORD_LENGTH} tekens hebben`],
    ['password', password.length <= LIMITS.password, `Het wachtwoord mag hoogstens ${LIMITS.password} tekens hebben`],
  ]);
}

/** 'throttled' is for the audit trail and tests; a person sees the same message as for 'invalid'. */
// Two beheerders adding the same address at once both pass the check above the insert; the index decides.
const EMAIL_TAKEN: Record<string, [string, string]> = { users_email_unique: ['email', 'Er is al een gebruiker met dit e-mailadres'] };

export type LoginResult = { ok: true; user: User } | { ok: false; reason: 'invalid' | 'throttled' | 'inactive' };

/** Where an attempt came from, for the audit trail (never the typed password). */
export interface LoginAttempt {
  ip?: string;
  requestId?: string | null;
}

export function userService(db: Db, clock: Clock, audit: AuditService, mail: MailService, loginUrl: string) {
  async function get(id: string): Promise<User> {
    const row = await repo.findById(db, id);
    if (!row) throw new NotFoundError('Gebruiker niet gevonden');
    return toUser(row);
  }

  async function create(actor: Actor, input: UserInput & { password: string }): Promise<User> {
    checkAll(
      () => validate(input),
      () => checkPassword(input.password),
    );
    const v = validate(input);
    if (await repo.findByEmail(db, v.email)) throw new ValidationError({ email: 'Er is al een gebruiker met dit e-mailadres' });
    const passwordHash = await hashPassword(input.password);
    const { user, mailIds } = await uniquely(
      () =>
        db.transaction().execute(async (trx) => {
          const row = await repo.insert(trx, { email: v.email, name: v.name, roles: v.roles, team: v.team, password_hash: passwordHash });
          await audit.record(trx, actor, { action: 'create', objectType: 'user', objectId: row.id, changes: diff({}, v) });
          const welcome = await mail.write(trx, 'welcome', row.email, { name: row.name, loginUrl });
          return {
            user: toUser(row),
            mailIds: [welcome, ...(await recordGrants(trx, actor, toUser(row), grantedPersonalDataRoles([], v.roles)))],
          };
        }),
      EMAIL_TAKEN,
    );
    await mail.dispatch(mailIds);
    return user;
  }

  /**
   * Granting a role that reads reporters' personal data is an event of its own in the audit trail, and the other active
   * beheerders hear of it by mail, so no one gives themselves (or a friend) such access unseen.
   */
  async function recordGrants(trx: Executor, actor: Actor, target: User, roles: Role[]): Promise<string[]> {
    if (roles.length === 0) return [];
    for (const role of roles)
      await audit.record(trx, actor, { action: 'role-granted', objectType: 'user', objectId: target.id, changes: { role } });
    const others = (await repo.withRole(trx, 'beheerder')).filter((b) => b.id !== actor.userId);
    const context = {
      userName: target.name,
      userEmail: target.email,
      roles: roles.map((r) => labels.roles[r] ?? r).join(', '),
      grantedBy: actor.label,
      loginUrl,
    };
    return Promise.all(others.map((b) => mail.write(trx, 'role-granted', b.email, { ...context, name: b.name })));
  }

  /**
   * Whoever holds the e-mail address and the password of an account that reads personal data can log in with it, so a
   * beheerder who changes either on such an account (say, to their own address, then a password of their choosing)
   * does so in view of the other beheerders: an event of its own, and a mail to each of them.
   */
  async function recordAccessChange(trx: Executor, actor: Actor, target: User, what: 'e-mailadres' | 'wachtwoord'): Promise<string[]> {
    const roles = target.roles.filter((r) => PERSONAL_DATA_ROLES.includes(r));
    if (roles.length === 0 || actor.userId === target.id) return [];
    await audit.record(trx, actor, { action: 'access-changed', objectType: 'user', objectId: target.id, changes: { what, roles } });
    const others = (await repo.withRole(trx, 'beheerder')).filter((b) => b.id !== actor.userId);
    const context = {
      userName: target.name,
      userEmail: target.email,
      what: `het ${what}`,
      roles: roles.map((r) => labels.roles[r] ?? r).join(', '),
      changedBy: actor.label,
      loginUrl,
    };
    return Promise.all(others.map((b) => mail.write(trx, 'access-changed', b.email, { ...context, name: b.name })));
  }

  async function update(actor: Actor, id: string, input: UserInput): Promise<User> {
    const v = validate(input);
    const before = await get(id);
    // A beheerder could otherwise grant themselves meldpunt and read contact details; roles are always given by another.
    if (actor.userId === id && !sameRoles(before.roles, v.roles))
      throw new ValidationError({ roles: 'U kunt uw eigen rollen niet wijzigen. Vraag een andere beheerder om dit te doen.' });
    const other = await repo.findByEmail(db, v.email);
    if (other && other.id !== id) throw new ValidationError({ email: 'Er is al een gebruiker met dit e-mailadres' });
    const { user, mailIds } = await uniquely(
      () =>
        db.transaction().execute(async (trx) => {
          const row = await repo.update(trx, id, { ...v, updated_at: clock.now() });
          const changes = diff({ email: before.email, name: before.name, roles: before.roles, team: before.team }, v);
          await audit.record(trx, actor, { action: 'update', objectType: 'user', objectId: id, changes });
          const mailIds = await recordGrants(trx, actor, toUser(row), grantedPersonalDataRoles(before.roles, v.roles));
          if (before.email.toLowerCase() !== v.email.toLowerCase()) {
            // The old address hears of it too: the account's owner is the first to notice a change they did not ask for.
            mailIds.push(
              await mail.write(trx, 'email-changed', before.email, { name: before.name, newEmail: v.email, changedBy: actor.label }),
            );
            mailIds.push(...(await recordAccessChange(trx, actor, toUser(row), 'e-mailadres')));
          }
          return { user: toUser(row), mailIds };
        }),
      EMAIL_TAKEN,
    );
    await mail.dispatch(mailIds);
    return user;
  }

  async function setActive(actor: Actor, id: string, active: boolean): Promise<void> {
    const before = await get(id);
    if (actor.userId === id && !active) throw new ValidationError({ active: 'U kunt uw eigen account niet deactiveren' });
    await db.transaction().execute(async (trx) => {
      await repo.update(trx, id, { active, updated_at: clock.now() });
      await audit.record(trx, actor, {
        action: active ? 'activate' : 'deactivate',
        objectType: 'user',
        objectId: id,
        changes: diff({ active: before.active }, { active }),
      });
    });
  }

  async function resetPassword(actor: Actor, id: string, password: string): Promise<User> {
    checkPassword(password);
    const user = await get(id);
    const passwordHash = await hashPassword(password);
    const mailIds = await db.transaction().execute(async (trx) => {
      await repo.update(trx, id, { password_hash: passwordHash, updated_at: clock.now() });
      await throttle.clearAll(trx, id);
      // Whoever knew the old password may still be logged in with it: every session of this user ends with the reset.
      const sessionsEnded = await endSessionsOf(trx, id);
      // The audit entry says that it happened, never the password or its hash.
      await audit.record(trx, actor, { action: 'reset-password', objectType: 'user', objectId: id, changes: { sessionsEnded } });
      return [
        await mail.write(trx, 'password-reset', user.email, { name: user.name, loginUrl }),
        ...(await recordAccessChange(trx, actor, user, 'wachtwoord')),
      ];
    });
    await mail.dispatch(mailIds);
    return user;
  }

  type FailReason = 'wrong-password' | 'unknown-account' | 'throttled' | 'inactive';
  const attemptActor = (a: LoginAttempt): Actor => ({
    userId: null,
    label: a.ip ? `inlogpoging vanaf ${a.ip}` : 'inlogpoging',
    requestId: a.requestId ?? null,
  });

  async function recordFailure(attempt: LoginAttempt, row: UserRow | undefined, reason: FailReason): Promise<void> {
    // An unknown address is not recorded as typed: people type their password in the wrong field.
    const object = row ? { objectType: 'user', objectId: row.id } : { objectType: 'login', objectId: 'onbekend-account' };
    await audit.recordEvent(attemptActor(attempt), { action: 'login-failed', ...object, changes: { reason } });
  }

  /** The failure that makes the account wait, with how long. */
  async function recordThrottle(attempt: LoginAttempt, row: UserRow, failures: number, until: Date): Promise<void> {
    await audit.recordEvent(attemptActor(attempt), {
      action: 'login-throttled',
      objectType: 'user',
      objectId: row.id,
      changes: { failures, until: until.toISOString() },
    });
  }

  /**
   * Checks e-mail and password. Every attempt is counted before its password is checked, so a burst of parallel
   * guesses gets no more checks than a slow one; after five failures in a row from one address that address waits
   * (growing delays), and after many from anywhere the account does (src/users/loginThrottle.ts).
   * An unknown address and a waiting account do the same work and get the same answer as a wrong password.
   */
  async function login(email: string, password: string, attempt: LoginAttempt = {}): Promise<LoginResult> {
    const typed = email.trim();
    // Input no account can have (a NUL byte, a 10 MB "address") is answered like an unknown address, without a query.
    if (textProblem(typed, LIMITS.email) || textProblem(password, LIMITS.password)) {
      await verifyPassword(DUMMY_HASH, password.slice(0, LIMITS.password));
      return { ok: false, reason: 'invalid' };
    }
    const now = clock.now();
    const row = await repo.findByEmail(db, typed);
    const reserved = row && (await throttle.reserve(db, row.id, attempt.ip, now));
    if (!row || !reserved) {
      await verifyPassword(DUMMY_HASH, password);
      await recordFailure(attempt, row, row ? 'throttled' : 'unknown-account');
      return { ok: false, reason: row ? 'throttled' : 'invalid' };
    }
    const valid = await verifyPassword(row.password_hash, password);
    if (valid && row.active) {
      await throttle.clear(db, row.id, attempt.ip);
      return { ok: true, user: toUser(row) };
    }
    await recordFailure(attempt, row, valid ? 'inactive' : 'wrong-password');
    if (reserved.waitUntil) await recordThrottle(attempt, row, reserved.failures, reserved.waitUntil);
    return { ok: false, reason: valid ? 'inactive' : 'invalid' };
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
