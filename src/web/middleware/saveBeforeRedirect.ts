import type { RequestHandler, Response } from 'express';

/**
 * express-session writes a changed session while the response ends, but the 303's headers already reach the browser,
 * which may ask for the next page before the flash is stored: the confirmation then shows a page late, or on another
 * signal. A redirect that carries a flash waits for the session to be saved.
 */
export const saveBeforeRedirect: RequestHandler = (req, res, next) => {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  (res as Response & { redirect: unknown }).redirect = (...args: unknown[]) => {
    if (!req.session?.flash) return redirect(...args);
    req.session.save((err) => (err ? next(err) : redirect(...args)));
  };
  next();
};
