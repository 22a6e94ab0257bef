import type { RequestHandler } from 'express';

/**
 * Every dynamic response may carry personal data (a signal page, a receipt code, a reporter's thread), and a browser
 * must not show it again from its cache after logout (the Back button). Mounted after the static /assets, which
 * keep their own caching.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
