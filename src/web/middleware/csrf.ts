import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
    flash?: { kind: 'ok' | 'info'; text: string };
  }
}

/** Synchroniser token: one per session, put in every form by the layout's partial. */
export function csrfToken(req: Request): string {
  if (!req.session.csrfToken) req.session.csrfToken = randomBytes(32).toString('base64url');
  return req.session.csrfToken;
}

export const exposeCsrfToken: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = csrfToken(req);
  next();
};

export class CsrfError extends Error {}

export const verifyCsrf: RequestHandler = (req, _res, next) => {
  const expected = req.session?.csrfToken;
  const given = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
  const ok = expected !== undefined && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  next(ok ? undefined : new CsrfError('CSRF-token ontbreekt of klopt niet'));
};
