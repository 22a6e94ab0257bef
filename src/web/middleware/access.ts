import type { RequestHandler } from 'express';
import type { Access } from '../routeTable';
import type { ApiTokenService } from '../../auth/apiTokenService';
import { paths } from '../paths';
import { ForbiddenError } from '../../common/errors';

const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  const back = req.method === 'GET' && req.originalUrl.startsWith('/') ? `?terug=${encodeURIComponent(req.originalUrl)}` : '';
  res.redirect(302, `${paths.login}${back}`);
};

const requireRole =
  (roles: readonly string[]): RequestHandler =>
  (req, _res, next) => {
    next(req.user!.roles.some((r) => roles.includes(r)) ? undefined : new ForbiddenError());
  };

declare module 'express-serve-static-core' {
  interface Request {
    apiClient?: { id: string; name: string };
  }
}

// API errors are JSON, never a redirect or an HTML page.
const requireToken =
  (tokens: ApiTokenService): RequestHandler =>
  async (req, res, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    const client = m ? await tokens.authenticate(m[1]!) : undefined;
    if (!client) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', message: 'Geldig Bearer-token vereist' });
      return;
    }
    req.apiClient = client;
    next();
  };

export function guards(access: Access, tokens: ApiTokenService): RequestHandler[] {
  if (access === 'public') return [];
  if (access === 'api') return [requireToken(tokens)];
  return [requireLogin, requireRole(access)];
}
