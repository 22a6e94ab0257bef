import type { PassportStatic } from 'passport';
import type { Services } from '../composition';
import type { RouteDef } from './routeTable';
import { healthRoutes } from '../health/healthRoutes';
import { authRoutes } from '../auth/authRoutes';
import { homeRoutes } from '../home/homeRoutes';
import { userRoutes } from '../users/userRoutes';
import { providerRoutes } from '../providers/providerRoutes';
import { providerApi } from '../providers/providerApi';
import { auditRoutes } from '../audit/auditRoutes';
import { outboxRoutes } from '../mail/outboxRoutes';
import { signalApi } from '../signals/intake/signalApi';
import { publicRoutes } from '../signals/intake/publicRoutes';
import { signalRoutes } from '../signals/signalRoutes';
import { searchRoutes } from '../signals/search/searchRoutes';
import { consultationRoutes } from '../signals/assessment/consultationRoutes';
import { registrationRoutes } from '../signals/intake/registrationRoutes';
import { queueRoutes } from '../signals/followUp/queueRoutes';
import { contactRoutes } from '../signals/followUp/contactRoutes';
import { normRoutes } from '../signals/followUp/normRoutes';
import { assessmentRoutes } from '../signals/assessment/assessmentRoutes';
import { reportRoutes } from '../signals/reporting/reportRoutes';
import { themeRoutes } from '../signals/assessment/themeRoutes';
import { patternRoutes } from '../patterns/patternRoutes';
import { riskRoutes } from '../risk/riskRoutes';
import { ruleRoutes } from '../patterns/ruleRoutes';
import { alertApi } from '../patterns/alertApi';
import { timelineRoutes } from '../timeline/timelineRoutes';
import { monthlyRoutes } from '../providers/monthlyRoutes';
import { timelineApi } from '../timeline/timelineApi';
import { mandatoryReportRoutes } from '../reports/reportRoutes';
import { mandatoryReportApi } from '../reports/reportApi';
import { dailyRoutes } from '../daily/dailyRoutes';

/** The one route table: every route with the roles allowed. Order matters where paths overlap (`nieuw` before `:id`). */
export function routeTable(services: Services, passport: PassportStatic, opts: { loginRateLimit: number }): RouteDef[] {
  return [
    ...healthRoutes(services),
    ...authRoutes(services, passport, opts.loginRateLimit),
    ...homeRoutes(services),
    ...userRoutes(services),
    ...providerRoutes(services),
    ...timelineRoutes(services),
    ...monthlyRoutes(services),
    ...providerApi(services),
    ...timelineApi(services),
    ...auditRoutes(services),
    ...outboxRoutes(services),
    ...signalApi(services),
    ...publicRoutes(services),
    ...queueRoutes(services),
    ...registrationRoutes(services),
    ...searchRoutes(services),
    ...signalRoutes(services),
    ...contactRoutes(services),
    ...assessmentRoutes(services),
    ...consultationRoutes(services),
    ...normRoutes(services),
    ...reportRoutes(services),
    ...themeRoutes(services),
    ...patternRoutes(services),
    ...riskRoutes(services),
    ...ruleRoutes(services),
    ...dailyRoutes(services),
    ...alertApi(services),
    // After reportRoutes: `GET /api/v1/reports/follow-up` stays the follow-up report (`:id` only matches a UUID anyway).
    ...mandatoryReportApi(services),
    ...mandatoryReportRoutes(services),
  ];
}
