import type { RequestHandler } from 'express';
import { unsupportedBody } from '../clientErrors';

const hasBody = (h: Record<string, unknown>) => h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0');

/**
 * Request bodies are read as UTF-8 only. body-parser decodes any charset iconv knows that starts with `utf-`, so
 * `application/json; charset=utf-7` turned `+ADw-b+AD4-` into `<b>`; anything but UTF-8 is refused with 415 before
 * parsing. On the API, a body must also be JSON.
 */
export const utf8Only =
  ({ jsonOnly }: { jsonOnly: boolean }): RequestHandler =>
  (req, _res, next) => {
    const type = req.headers['content-type'];
    if (!hasBody(req.headers)) return next();
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(type ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return next(unsupportedBody(`tekenset ${charset}`));
    if (jsonOnly && !req.is(['application/json', 'application/*+json'])) return next(unsupportedBody(`inhoud ${type ?? 'zonder type'}`));
    next();
  };
