import type { PassportStatic } from 'passport';
import type { Services } from '../composition';
import type { RouteDef } from './routeTable';
import { healthRoutes } from '../health/healthRoutes';
import { authRoutes } from '../auth/authRoutes';
import { homeRoutes } from './homeRoutes';
import { userRoutes } from '../users/userRoutes';
import { providerRoutes } from '../providers/providerRoutes';
import { providerApi } from '../providers/providerApi';
import { auditRoutes } from '../audit/auditRoutes';
import { outboxRoutes } from '../mail/outboxRoutes';
import { signalApi } from '../signals/signalApi';
import { publicRoutes } from '../signals/publicRoutes';
import { signalRoutes } from '../signals/signalRoutes';
import { reportRoutes } from '../signals/reportRoutes';
import { themeRoutes } from '../signals/themeRoutes';

/** The one route table: every route with the roles allowed. Order matters where paths overlap (`nieuw` before `:id`). */
export function routeTable(services: Services, passport: PassportStatic, opts: { loginRateLimit: number }): RouteDef[] {
  return [
    ...healthRoutes(services),
    ...authRoutes(services, passport, opts.loginRateLimit),
    ...homeRoutes(),
    ...userRoutes(services),
    ...providerRoutes(services),
    ...providerApi(services),
    ...auditRoutes(services),
    ...outboxRoutes(services),
    ...signalApi(services),
    ...publicRoutes(services),
    ...signalRoutes(services),
    ...reportRoutes(services),
    ...themeRoutes(services),
  ];
}
