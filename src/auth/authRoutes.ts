import type { PassportStatic } from 'passport';
import type { Services } from '../composition';
import { rateLimiter } from '../web/rateLimit';
import { LOGIN_SESSION_MS } from './sessionService';
import { EVERYONE_LOGGED_IN, get, post, type RouteDef } from '../web/routeTable';
import { paths } from '../web/paths';
import { labels } from '../web/labels';
import { asText } from '../web/forms';

// Only same-site paths, so `?terug=` cannot send someone to another site.
const safeBack = (v: unknown): string => (typeof v === 'string' && /^\/(?!\/)[^\\]*$/.test(v) ? v : paths.home);

export function authRoutes(services: Services, passport: PassportStatic, loginRateLimit: number): RouteDef[] {
  const { redis, config, log } = services;
  const limiter = rateLimiter({ redis, queuePrefix: config.queuePrefix, log }, 'login', {
    windowMs: 15 * 60 * 1000,
    limit: loginRateLimit,
    // Only failed attempts count: a team behind one address logging in every morning is no attack.
    skipSuccessfulRequests: true,
    handler: (_req, res) => {
      res.status(429).render('auth/login', { title: labels.login.title, error: labels.login.tooMany, values: {} });
    },
  });

  return [
    get(paths.login, 'public', (req, res) => {
      if (req.user) return res.redirect(paths.home);
      res.render('auth/login', { title: labels.login.title, values: {}, terug: asText(req.query.terug) });
    }),
    post(
      paths.login,
      'public',
      (req, res, next) => {
        passport.authenticate('local', (err: unknown, user: Express.User | false, info?: { message?: string }) => {
          if (err) return next(err);
          if (!user) {
            // A waiting account gets the wrong-password message, so nobody learns which addresses exist.
            const error = info?.message === 'inactive' ? labels.login.inactive : labels.login.invalid;
            return res.status(401).render('auth/login', {
              title: labels.login.title,
              error,
              values: { email: asText(req.body.email) },
              terug: asText(req.body.terug),
            });
          }
          // Passport regenerates the session id here, so a session fixed before login is worthless.
          req.logIn(user, (e) => {
            if (e) return next(e);
            req.session.cookie.maxAge = LOGIN_SESSION_MS;
            const actor = { userId: user.id, label: `${user.name} <${user.email}>`, requestId: req.id };
            services.audit
              .recordEvent(actor, { action: 'login', objectType: 'user', objectId: user.id })
              .then(() => res.redirect(303, safeBack(req.body.terug)), next);
          });
        })(req, res, next);
      },
      [limiter],
    ),
    post(paths.logout, EVERYONE_LOGGED_IN, (req, res, next) => {
      req.logOut((err) => {
        if (err) return next(err);
        req.session.destroy(() => {
          res.clearCookie('jt.sid');
          res.redirect(303, paths.login);
        });
      });
    }),
  ];
}
