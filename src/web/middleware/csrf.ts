import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
    flash?: { kind: 'ok' | 'info'; text: string };
  }
}

export class CsrfError extends Error {}

export const CSRF_COOKIE = 'jt.csrf';

const randomToken = () => randomBytes(32).toString('base64url');
const isRandomToken = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{43}$/.test(v);
// Compared as bytes: equal string lengths can still differ in bytes, which timingSafeEqual would throw on.
function same(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * CSRF tokens for every form, put in by the layout's partial.
 * Logged in: a synchroniser token kept in the session. Anonymous visitors get no session at all (a page view must not
 * write a row): their token is an HMAC, keyed by the session secret, of a random HttpOnly cookie (signed double
 * submit), so another site can neither read nor forge a pair.
 */
export function csrf(secret: string, secureCookie: boolean) {
  const bound = (cookie: string) => createHmac('sha256', secret).update(`csrf:${cookie}`).digest('base64url');

  function token(req: Request, res: Response): string {
    if (req.user) {
      if (!req.session.csrfToken) req.session.csrfToken = randomToken();
      return req.session.csrfToken;
    }
    let cookie = readCookie(req, CSRF_COOKIE);
    if (!isRandomToken(cookie)) {
      cookie = randomToken();
      res.cookie(CSRF_COOKIE, cookie, { httpOnly: true, sameSite: 'lax', secure: secureCookie, path: '/' });
    }
    return bound(cookie);
  }

  function expected(req: Request): string | undefined {
    if (req.user) return req.session?.csrfToken;
    const cookie = readCookie(req, CSRF_COOKIE);
    return isRandomToken(cookie) ? bound(cookie) : undefined;
  }

  const exposeCsrfToken: RequestHandler = (req, res, next) => {
    res.locals.csrfToken = token(req, res);
    next();
  };

  const verifyCsrf: RequestHandler = (req, _res, next) => {
    const want = expected(req);
    const given = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
    next(want !== undefined && same(given, want) ? undefined : new CsrfError('CSRF-token ontbreekt of klopt niet'));
  };

  return { exposeCsrfToken, verifyCsrf };
}
