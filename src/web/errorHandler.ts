import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ForbiddenError, NotFoundError, ValidationError } from '../common/errors';
import type { Logger } from '../logger';
import { CsrfError } from './middleware/csrf';
import { labels } from './labels';
import { paths } from './paths';
import { isCancelledQuery, isConnectionLoss } from '../db/connectionLoss';
import { clientError, isDataException } from './clientErrors';

const isApi = (url: string) => url.startsWith('/api/');

/**
 * Error pages of the public report form keep its layout and lead back to the form: a young person who meets a 503
 * or an expired form should not land on the staff login page.
 */
const pageFrame = (url: string) =>
  url === paths.report || url.startsWith(`${paths.report}/`) || url.startsWith(`${paths.report}?`)
    ? { layout: 'public', backHref: paths.report, backText: 'Terug naar het meldformulier' }
    : { backHref: paths.home, backText: 'Naar de startpagina' };

export const notFound: RequestHandler = (req, res) => {
  if (isApi(req.originalUrl)) {
    res.status(404).json({ error: 'not_found', message: 'Niet gevonden' });
    return;
  }
  res.status(404).render('errors/error', {
    ...pageFrame(req.originalUrl),
    title: labels.errors.notFound,
    message: 'Controleer het adres of ga terug naar de startpagina.',
  });
};

/** Last in the chain. Known errors get their status; anything else is a 500 with only the request id shown. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let title = labels.errors.server;
    let message = `Probeer het later opnieuw. Vermeld bij vragen deze code: ${req.id}`;
    let code: string | undefined;
    const client = clientError(err);
    if (err instanceof NotFoundError) [status, title, message] = [404, labels.errors.notFound, err.message];
    else if (err instanceof ForbiddenError)
      [status, title, message] = [403, labels.errors.forbidden, err.message || 'Uw rol geeft geen toegang tot deze pagina.'];
    else if (err instanceof CsrfError) [status, title, message] = [403, labels.errors.forbidden, labels.errors.csrf];
    else if (err instanceof ValidationError)
      [status, title, message] = [400, labels.errors.summary, Object.values(err.fieldErrors).join(' ')];
    else if (client) [status, title, message, code] = [client.status, client.title, client.message, client.code];
    // A lost database connection fails only this request; the pool reconnects once PostgreSQL is back.
    else if (isConnectionLoss(err)) [status, title, message] = [503, labels.errors.unavailable, labels.errors.unavailableMessage];
    // The statement timeout stopped a query that ran too long: this request fails, the connection is free again.
    else if (isCancelledQuery(err)) [status, title, message] = [503, labels.errors.tooLong, labels.errors.tooLongMessage];
    if (status === 503) log.warn({ reqId: req.id, err: err?.message }, 'database niet bereikbaar of opdracht te lang');
    // Input that reached PostgreSQL unvalidated is a bug to fix even though the user got a 400.
    if (isDataException(err)) log.warn({ reqId: req.id, err }, 'ongeldige invoer bereikte de database');
    // The stack goes to the log with the request id, never to the browser.
    if (status === 500) log.error({ reqId: req.id, err }, 'onverwachte fout');
    if (res.headersSent) return;
    if (status === 503) res.set('Retry-After', '10');
    if (isApi(req.originalUrl)) {
      const body: Record<string, unknown> = {
        error: code ?? (status === 500 ? 'server_error' : status === 503 ? 'service_unavailable' : title),
        message,
      };
      if (err instanceof ValidationError) body.errors = err.fieldErrors;
      res.status(status).json(body);
      return;
    }
    res.status(status).render('errors/error', { ...pageFrame(req.originalUrl), title, message });
  };
}
