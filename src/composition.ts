import type { Config } from './config';
import { systemClock, type Clock } from './clock';
import { createLogger, type Logger } from './logger';
import { createDb, createPool } from './db/connection';
import { createQueues } from './jobs/queues';
import { createRedisClient } from './common/redis';
import { sessionService } from './auth/sessionService';
import { auditService } from './audit/auditService';
import { auditSettings } from './audit/auditSettings';
import { mailService } from './mail/mailService';
import { userService } from './users/userService';
import { apiTokenService } from './auth/apiTokenService';
import { providerService } from './providers/providerService';
import { csvImport } from './providers/csvImport';
import { healthService } from './health/healthService';
import { signalService } from './signals/signalService';
import { contactService } from './signals/followUp/contactService';
import { signalAlerts } from './signals/followUp/alerts';
import { writtenAnswers } from './signals/followUp/writtenAnswers';
import { signalReader } from './signals/signalReader';
import { enforcement } from './signals/followUp/enforcement';
import { assessmentService } from './signals/assessment/assessmentService';
import { normService } from './signals/followUp/normService';
import { workQueue } from './signals/followUp/workQueue';
import { followUpReport } from './signals/reporting/followUpReport';
import { signalSearch } from './signals/search/searchService';
import { consultationList } from './signals/assessment/consultationList';
import { homeService } from './home/homeService';
import { riskService } from './risk/riskService';
import { patternService } from './patterns/patternService';
import { timelineService } from './timeline/timelineService';
import { reportService } from './reports/reportService';
import { monthlyService } from './providers/monthlyService';
import { dailyOverview } from './daily/dailyOverview';

/** The data layer: the only place that opens connections. */
export function dataAccess(config: Config, log?: Logger, statementTimeoutMs?: number) {
  // The app's own role (APP_DATABASE_URL), not the owner: it cannot change or empty the audit trail.
  const pool = createPool(config.appDatabaseUrl, 10, log, statementTimeoutMs);
  return {
    pool,
    db: createDb(pool),
    queues: createQueues(config.redisUrl, config.queuePrefix),
    // Rate-limit counters, shared by every web process.
    redis: createRedisClient(config.redisUrl),
  };
}

/** The composition root: builds every service once; web, worker, CLI and tests all start here. */
export function services(config: Config, options: { clock?: Clock; log?: Logger; statementTimeoutMs?: number } = {}) {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel, config.env);
  const { pool, db, queues, redis } = dataAccess(config, log, options.statementTimeoutMs);
  const audit = auditService(db, clock, auditSettings(config));
  const mail = mailService(db, clock, queues, log, config.smtpUrl, config.mailFrom);
  const users = userService(db, clock, audit, mail, `${config.baseUrl}/inloggen`);
  const providers = providerService(db, clock, audit);
  const health = healthService(db, config.redisUrl);
  // Urgency and a reporter's new message: set where they arise (registration, assessment, follow page), one mail path.
  const alerts = signalAlerts(db, clock, audit, mail, config.baseUrl);
  // Pattern detection: registration and assessment queue its check after their commit (afterNewItem).
  const patterns = patternService(db, clock, audit, mail, queues, log, config.baseUrl);
  const signals = signalService(db, clock, audit, mail, queues, log, config.baseUrl, alerts, patterns);
  const contacts = contactService(db, clock, audit, alerts);
  return {
    signals,
    contacts,
    alerts,
    writtenAnswers: writtenAnswers(db, clock, audit, alerts),
    signalReader: signalReader(db, audit, signals, contacts),
    enforcement: enforcement(db, clock, audit, mail, queues, log, config.baseUrl, config.contactRetentionMonths),
    assessments: assessmentService(db, clock, audit, alerts, patterns),
    patterns,
    norms: normService(db, clock, audit),
    workQueue: workQueue(db, clock),
    followUpReport: followUpReport(db, clock),
    signalSearch: signalSearch(db, clock),
    consultationList: consultationList(db, clock),
    home: homeService(db, clock),
    risk: riskService(db, clock),
    timeline: timelineService(db),
    monthly: monthlyService(db, clock),
    reports: reportService(db, clock, audit, patterns),
    // The inspectors' daily overview mail (scheduled with the pattern jobs) and its page.
    daily: dailyOverview(db, clock, mail, config.baseUrl),
    config,
    clock,
    pool,
    log,
    db,
    queues,
    redis,
    sessions: sessionService(db, clock),
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
      redis.disconnect();
      await db.destroy();
    },
  };
}

export type Services = ReturnType<typeof services>;
