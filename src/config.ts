import { z } from 'zod';

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
    BASE_URL: z.string().url().default('http://localhost:3000'),
    SESSION_SECRET: z.string().min(32).optional(),
    QUEUE_PREFIX: z.string().default('jt'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(30),
    REPORT_RATE_LIMIT: z.coerce.number().int().positive().default(10),
    CONTACT_RETENTION_MONTHS: z.coerce.number().int().positive().default(12),
    SWEEP_EVERY_MS: z.coerce.number().int().min(1000).default(60_000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is verplicht in productie (minstens 32 tekens)' });
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
  sweepEveryMs: number;
};

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
    baseUrl: e.BASE_URL,
    sessionSecret: e.SESSION_SECRET ?? 'development-only-secret-not-for-production-use',
    queuePrefix: e.QUEUE_PREFIX,
    logLevel: e.LOG_LEVEL,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    reportRateLimit: e.REPORT_RATE_LIMIT,
    contactRetentionMonths: e.CONTACT_RETENTION_MONTHS,
    sweepEveryMs: e.SWEEP_EVERY_MS,
  };
}
