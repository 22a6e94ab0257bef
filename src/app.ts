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
import { csrf } from './web/middleware/csrf';
import { ANONYMOUS_SESSION_MS } from './auth/sessionService';
import { guards } from './web/middleware/access';
import { routeParams } from './web/middleware/routeParams';
import { utf8Only } from './web/middleware/bodyCharset';
import { currentUser } from './web/middleware/currentUser';
import { noStore } from './web/middleware/noStore';
import { saveBeforeRedirect } from './web/middleware/saveBeforeRedirect';
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
  // Off unless configured: otherwise anyone picks their own address with X-Forwarded-For and escapes the rate limits.
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  setUpViews(app);

  app.use(requestId);
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req) => (req as express.Request).id,
      serializers: {
        // The path alone: a query string can hold what someone searched for, a name among it.
        req: (r) => ({ id: r.id, method: r.method, url: String(r.url).split('?')[0] }),
        res: (r) => ({ statusCode: r.statusCode }),
        err: (e) => ({ message: e.message }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'warn' : 'info'),
    }),
  );
  app.use(securityHeaders);

  const passport = configurePassport(services.users);
  const { exposeCsrfToken, verifyCsrf } = csrf(config.sessionSecret, production);
  const routes = routeTable(services, passport, { loginRateLimit: options.loginRateLimit ?? config.loginRateLimit });
  // API bodies are read only after the token check: no one unknown makes us parse a megabyte of JSON, and a
  // request without a token gets 401 whatever it sent.
  const apiBody = [utf8Only({ jsonOnly: true }), express.json({ limit: '1mb' })];
  const mount = (r: RouteDef, withCsrf: boolean) => {
    const chain = [
      ...guards(r.access, services.apiTokens),
      ...routeParams(r.path),
      ...(r.access === 'api' ? apiBody : []),
      ...(r.before ?? []),
      ...(withCsrf && r.method === 'post' ? [verifyCsrf] : []),
      r.handler,
    ];
    app[r.method](r.path, ...chain);
  };

  // Health and the API come before the session: they never set or read a cookie.
  for (const r of routes.filter((r) => r.access === 'public' && r.path === '/healthz')) mount(r, false);
  app.use(
    '/assets/utrecht',
    express.static(path.join(projectRoot, 'node_modules', '@utrecht', 'component-library-css', 'dist'), { maxAge: '1d' }),
  );
  app.use('/assets/tokens', express.static(path.join(projectRoot, 'node_modules', '@utrecht', 'design-tokens', 'dist'), { maxAge: '1d' }));
  app.use('/assets', express.static(path.join(projectRoot, 'src', 'web', 'assets'), { maxAge: '1h' }));
  app.use(noStore);
  for (const r of routes.filter((r) => r.access === 'api')) mount(r, false);
  app.use('/api', notFound);

  const PgStore = connectPgSimple(session);
  app.use(
    session({
      name: 'jt.sid',
      secret: config.sessionSecret,
      store: new PgStore({
        pool: services.pool,
        tableName: 'sessions',
        createTableIfMissing: false,
        pruneSessionInterval: 15 * 60,
        errorLog: (...args: unknown[]) => log.warn({ err: String(args[1] ?? args[0]) }, 'sessies opruimen mislukt'),
      }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      // Anonymous visitors get no session (saveUninitialized: false, CSRF by cookie); one made without a login lives
      // briefly, and the login route extends its own session to a working day.
      cookie: { httpOnly: true, sameSite: 'lax', secure: production, maxAge: ANONYMOUS_SESSION_MS },
    }),
  );
  app.use(utf8Only({ jsonOnly: false }), express.urlencoded({ extended: true, limit: '2mb' }));
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(exposeCsrfToken);
  app.use(currentUser);
  app.use(saveBeforeRedirect);

  for (const r of routes.filter((r) => r.access !== 'api' && r.path !== '/healthz')) mount(r, true);

  app.use(notFound);
  app.use(errorHandler(log));
  app.locals.routeTable = routes;
  return app;
}
