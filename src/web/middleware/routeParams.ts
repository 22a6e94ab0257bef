import type { RequestHandler } from 'express';
import { isUuid } from '../../common/errors';

const ID = /^(id|\w+Id)$/;
// Other parameters (a theme's code) are short words; control characters could never name anything.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const WORD = /^[^\u0000-\u001f\u007f]{1,100}$/;

/**
 * Checks a route's path parameters before its handler runs: one named `id` or ending in `Id` must be a UUID, any
 * other must be a short printable word. Otherwise the route does not match and the request ends in the 404 page
 * (or 404 JSON on the API) instead of reaching PostgreSQL as an uncastable value. Derived from the path, so every
 * route in the table gets it without writing anything.
 */
export function routeParams(path: string): RequestHandler[] {
  const names = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  if (names.length === 0) return [];
  return [
    (req, _res, next) => {
      const ok = names.every((n) => {
        const v = req.params[n];
        return ID.test(n) ? isUuid(v) : typeof v === 'string' && WORD.test(v);
      });
      next(ok ? undefined : 'route');
    },
  ];
}
