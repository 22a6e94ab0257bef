import type { ErrorRequestHandler, RequestHandler } from 'express';
import { NotFoundError, ValidationError } from '../common/errors';
import type { Logger } from '../logger';
import { CsrfError } from './middleware/csrf';
import { ForbiddenError } from './middleware/access';
import { labels } from './labels';

const isApi = (url: string) => url.startsWith('/api/');

export const notFound: RequestHandler = (req, res) => {
  if (isApi(req.originalUrl)) {
    res.status(404).json({ error: 'not_found', message: 'Niet gevonden' });
    return;
  }
  res.status(404).render('errors/error', { title: labels.errors.notFound, message: 'Controleer het adres of ga terug naar de startpagina.' });
};

/** Last in the chain. Known errors get their status; anything else is a 500 with only the request id shown. */
export function errorHandler(log: Logger, production: boolean): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let title = labels.errors.server;
    let message = `Probeer het later opnieuw. Vermeld bij vragen deze code: ${req.id}`;
    if (err instanceof NotFoundError) [status, title, message] = [404, labels.errors.notFound, err.message];
    else if (err instanceof ForbiddenError) [status, title, message] = [403, labels.errors.forbidden, 'Uw rol geeft geen toegang tot deze pagina.'];
    else if (err instanceof CsrfError) [status, title, message] = [403, labels.errors.forbidden, labels.errors.csrf];
    else if (err instanceof ValidationError) [status, title, message] = [400, labels.errors.summary, Object.values(err.fieldErrors).join(' ')];
    else if (err?.type === 'entity.parse.failed' || err?.type === 'entity.too.large') [status, title, message] = [err.status ?? 400, 'Ongeldig verzoek', 'Het verzoek kon niet worden gelezen.'];
    if (status === 500) log.error({ reqId: req.id, err: production ? { message: err?.message } : err }, 'onverwachte fout');
    if (res.headersSent) return;
    if (isApi(req.originalUrl)) {
      const body: Record<string, unknown> = { error: status === 500 ? 'server_error' : title, message };
      if (err instanceof ValidationError) body.errors = err.fieldErrors;
      res.status(status).json(body);
      return;
    }
    res.status(status).render('errors/error', { title, message, detail: !production && status === 500 ? String(err?.stack ?? err) : undefined });
  };
}
