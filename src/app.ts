import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import { pinoHttp } from 'pino-http';
import type { Services } from './composition';
import { configurePassport } from './auth/passport';
import { projectRoot } from './common/projectRoot';
import { requestId } from './web/middleware/requestId';
import { securityHeaders } from './web/middleware/securityHeaders';
import { exposeCsrfToken, verifyCsrf } from './web/middleware/csrf';
import { guards } from './web/middleware/access';
import { currentUser } from './web/middleware/currentUser';
import { setUpViews } from './web/views';
import { errorHandler, notFound } from './web/errorHandler';
import { routeTable } from './web/routes';
import type { RouteDef } from './web/routeTable';

export interface AppOptions {
  /** Login attempts per IP per 15 minutes. */
  loginRateLimit?: number;
}

/** Builds the Express app from services; `server.ts` only listens. Middleware order is visible here, top to bottom. */
export function createApp(services: Services, options: AppOptions = {}): Express {
  const { config, log } = services;
  const production = config.env === 'production';
  const app = express();
  app.set('trust proxy', 1);
  app.disable('x-powered-by');
  setUpViews(app);

  app.use(requestId);
  app.use(
    pinoHttp({
      logger: log, genReqId: (req) => (req as express.Request).id, serializers: { req: (r) => ({ id: r.id, method: r.method, url: r.url }), res: (r) => ({ statusCode: r.statusCode }), err: (e) => ({ message: e.message }) },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'warn' : 'info'),
    }),
  );
  app.use(securityHeaders);

  const passport = configurePassport(services.users);
  const routes = routeTable(services, passport, { loginRateLimit: options.loginRateLimit ?? config.loginRateLimit });
  const mount = (r: RouteDef, withCsrf: boolean) => {
    const chain = [...guards(r.access, services.apiTokens), ...(r.before ?? []), ...(withCsrf && r.method === 'post' ? [verifyCsrf] : []), r.handler];
    app[r.method](r.path, ...(chain as express.RequestHandler[]));
  };

  // Health and the API come before the session: they never set or read a cookie.
  for (const r of routes.filter((r) => r.access === 'public' && r.path === '/healthz')) mount(r, false);
  app.use('/assets/utrecht', express.static(path.join(projectRoot, 'node_modules', '@utrecht', 'component-library-css', 'dist'), { maxAge: '1d' }));
  app.use('/assets/tokens', express.static(path.join(projectRoot, 'node_modules', '@utrecht', 'design-tokens', 'dist'), { maxAge: '1d' }));
  app.use('/assets', express.static(path.join(projectRoot, 'src', 'web', 'assets'), { maxAge: '1h' }));
  app.use('/api', express.json({ limit: '1mb' }));
  for (const r of routes.filter((r) => r.access === 'api')) mount(r, false);
  app.use('/api', notFound);

  const PgStore = connectPgSimple(session);
  app.use(
    session({
      name: 'jt.sid',
      secret: config.sessionSecret,
      store: new PgStore({ pool: services.pool, tableName: 'sessions', createTableIfMissing: false, pruneSessionInterval: production ? 15 * 60 : false }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: production, maxAge: 8 * 60 * 60 * 1000 },
    }),
  );
  app.use(express.urlencoded({ extended: true, limit: '2mb' }));
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(exposeCsrfToken);
  app.use(currentUser);

  for (const r of routes.filter((r) => r.access !== 'api' && r.path !== '/healthz')) mount(r, true);

  app.use(notFound);
  app.use(errorHandler(log, production));
  app.locals.routeTable = routes;
  return app;
}
