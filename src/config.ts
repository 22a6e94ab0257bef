import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './common/trustProxy';

// One place reads the environment. Defaults fit the development machine, so `npm start` needs no settings;
// production refuses to start without the secrets.
const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/jeugdtoezicht'),
    REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default('Jeugdtoezicht <noreply@jeugdtoezicht.example>'),
    BASE_URL: z.string().url().optional(),
    SESSION_SECRET: z.string().min(32).optional(),
    QUEUE_PREFIX: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(30),
    REPORT_RATE_LIMIT: z.coerce.number().int().positive().default(10),
    CONTACT_RETENTION_MONTHS: z.coerce.number().int().positive().default(12),
    FOLLOW_UP_TARGET_PERCENT: z.coerce.number().int().min(1).max(100).default(90),
    SWEEP_EVERY_MS: z.coerce.number().int().min(1000).default(60_000),
    WEB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1000).default(15_000),
    TRUST_PROXY: z
      .string()
      .optional()
      .refine(
        (v) => parseTrustProxy(v) !== undefined,
        "gebruik een aantal hops (1), 'loopback', 'true' of IP-adressen/subnetten gescheiden door komma's",
      ),
    AUDIT_KEY: z.string().min(32, 'minstens 32 tekens (maak er een met: openssl rand -hex 32)').optional(),
    AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
    AUDIT_ANCHOR_DIR: z.string().min(1).optional(),
    APP_DATABASE_URL: z.string().url().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is verplicht in productie (minstens 32 tekens)' });
    }
    if (env.NODE_ENV === 'production' && !env.AUDIT_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUDIT_KEY'],
        message: 'is verplicht in productie (minstens 32 tekens; maak er een met: openssl rand -hex 32)',
      });
    }
    const userOf = (url: string | undefined) => (url && URL.canParse(url) ? new URL(url).username : undefined);
    if (env.APP_DATABASE_URL && userOf(env.APP_DATABASE_URL) === userOf(env.DATABASE_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_DATABASE_URL'],
        message: 'moet een andere databasegebruiker hebben dan DATABASE_URL (de eigenaar)',
      });
    }
  });

export type Config = {
  env: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  baseUrl: string;
  sessionSecret: string;
  queuePrefix: string;
  logLevel: string;
  loginRateLimit: number;
  reportRateLimit: number;
  contactRetentionMonths: number;
  /** The share of young people to be contacted within the norm that the follow-up report holds up as the target. */
  followUpTargetPercent: number;
  sweepEveryMs: number;
  /**
   * The longest one query of the web server may run. A request nobody waits for any more must not keep a connection
   * busy: a few such queries at once would leave every other user without one. The worker has no limit (the nightly
   * scan runs long by design).
   */
  webStatementTimeoutMs: number;
  /** Express's `trust proxy`: false (the default) ignores X-Forwarded-For, so nobody picks their own address. */
  trustProxy: TrustProxy;
  /** The application's own database role, without UPDATE/DELETE on the audit trail; DATABASE_URL is the owner. */
  appDatabaseUrl: string;
  /** Unset outside production: a generated development key file is used (src/audit/auditKey.ts). */
  auditKey: string | undefined;
  auditAnchorFile: string | undefined;
  auditAnchorDir: string | undefined;
};

/**
 * The application's role for one database: `<database>_app` (so `jeugdtoezicht_app`), on the same server, without a
 * password. One role per database, so the app of one instance (a demo, a test) holds no rights in another's database.
 */
export function appRoleFor(database: string): string {
  // PostgreSQL cuts names at 63 bytes; cut the database part so the suffix stays.
  let base = database;
  while (Buffer.byteLength(`${base}_app`) > 63) base = base.slice(0, -1);
  return `${base}_app`;
}

export function appDatabaseUrlFor(
  databaseUrl: string,
  role = appRoleFor(decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''))),
): string {
  const url = new URL(databaseUrl);
  url.username = encodeURIComponent(role);
  url.password = '';
  return url.toString();
}

/**
 * Queues belong to one database: the jobs carry ids of its rows and the sweep works on it. So two instances on
 * one Redis with different databases get their own queues, and a demo never sweeps production.
 */
export function queuePrefixFor(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  return `jt-${name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'postgres'}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Ongeldige configuratie:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    baseUrl: e.BASE_URL ?? `http://localhost:${e.PORT}`,
    sessionSecret: e.SESSION_SECRET ?? 'development-only-secret-not-for-production-use',
    queuePrefix: e.QUEUE_PREFIX ?? queuePrefixFor(e.DATABASE_URL),
    logLevel: e.LOG_LEVEL,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    reportRateLimit: e.REPORT_RATE_LIMIT,
    contactRetentionMonths: e.CONTACT_RETENTION_MONTHS,
    followUpTargetPercent: e.FOLLOW_UP_TARGET_PERCENT,
    sweepEveryMs: e.SWEEP_EVERY_MS,
    webStatementTimeoutMs: e.WEB_STATEMENT_TIMEOUT_MS,
    trustProxy: parseTrustProxy(e.TRUST_PROXY)!,
    appDatabaseUrl: e.APP_DATABASE_URL ?? appDatabaseUrlFor(e.DATABASE_URL),
    auditKey: e.AUDIT_KEY,
    auditAnchorFile: e.AUDIT_ANCHOR_FILE,
    auditAnchorDir: e.AUDIT_ANCHOR_DIR,
  };
}
