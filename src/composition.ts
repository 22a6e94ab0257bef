import type { Config } from './config';
import { systemClock, type Clock } from './clock';
import { createLogger, type Logger } from './logger';
import { createDb, createPool } from './db/connection';
import { createQueues } from './jobs/queues';
import { auditService } from './audit/auditService';
import { mailService } from './mail/mailService';
import { userService } from './users/userService';
import { apiTokenService } from './auth/apiTokenService';
import { providerService } from './providers/providerService';
import { csvImport } from './providers/csvImport';
import { healthService } from './health/healthService';
import { signalService } from './signals/signalService';
import { contactService } from './signals/contactService';
import { enforcement } from './signals/enforcement';
import { assessmentService } from './signals/assessmentService';
import { normService } from './signals/normService';
import { workQueue } from './signals/workQueue';
import { followUpReport } from './signals/followUpReport';

/** The data layer: the only place that opens connections. */
export function dataAccess(config: Config) {
  const pool = createPool(config.databaseUrl);
  return {
    pool,
    db: createDb(pool),
    queues: createQueues(config.redisUrl, config.queuePrefix),
  };
}

/** The composition root: builds every service once; web, worker, CLI and tests all start here. */
export function services(config: Config, options: { clock?: Clock; log?: Logger } = {}) {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel, config.env);
  const { pool, db, queues } = dataAccess(config);
  const audit = auditService(db, clock);
  const mail = mailService(db, clock, queues, log, config.smtpUrl, config.mailFrom);
  const users = userService(db, clock, audit, mail, `${config.baseUrl}/inloggen`);
  const providers = providerService(db, clock, audit);
  const health = healthService(db, config.redisUrl);
  return {
    signals: signalService(db, clock, audit, mail, queues, log, config.baseUrl),
    contacts: contactService(db, clock, audit),
    enforcement: enforcement(db, clock, audit, mail, queues, log, config.baseUrl, config.contactRetentionMonths),
    assessments: assessmentService(db, clock, audit),
    norms: normService(db, clock, audit),
    workQueue: workQueue(db, clock),
    followUpReport: followUpReport(db, clock),
    config,
    clock,
    pool,
    log,
    db,
    queues,
    audit,
    mail,
    users,
    apiTokens: apiTokenService(db, clock, audit),
    providers,
    importCsv: csvImport(db, providers),
    health,
    async close() {
      mail.close();
      health.close();
      await queues.close();
      await db.destroy();
    },
  };
}

export type Services = ReturnType<typeof services>;
