import type { RequestHandler } from 'express';
import { parse } from 'content-type';
import { unsupportedBody } from '../clientErrors';

const hasBody = (h: Record<string, unknown>) =>
  h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0');

/** The charset exactly as body-parser will read it (same parser), or null when the header cannot be parsed. */
function charsetOf(type: string | undefined): string | undefined | null {
  if (type === undefined) return undefined;
  try {
    return parse(type).parameters.charset?.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Request bodies are read as UTF-8 only. body-parser decodes any charset iconv knows that starts with `utf-`, so
 * `application/json; charset=utf-7` turned `+ADw-b+AD4-` into `<b>`; anything but UTF-8 is refused with 415 before
 * parsing. The header is parsed by the parser body-parser uses, so a `charset=` hidden in another parameter's quoted
 * value cannot make this check and the decoder disagree. On the API, a body must also be JSON.
 */
export const utf8Only =
  ({ jsonOnly }: { jsonOnly: boolean }): RequestHandler =>
  (req, _res, next) => {
    const type = req.headers['content-type'];
    if (!hasBody(req.headers)) return next();
    const charset = charsetOf(type);
    if (charset === null) return next(unsupportedBody('een onleesbaar Content-Type'));
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return next(unsupportedBody(`tekenset ${charset}`));
    if (jsonOnly && !req.is(['application/json', 'application/*+json'])) return next(unsupportedBody(`inhoud ${type ?? 'zonder type'}`));
    next();
  };
