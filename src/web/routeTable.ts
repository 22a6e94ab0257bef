import type { Request, RequestHandler, Response, NextFunction } from 'express';
import { ROLES, type Role } from '../auth/roles';

/**
 * Who may use a route: nobody needs to log in ('public'), an integration with a Bearer token ('api'),
 * or a logged-in user holding one of the listed roles.
 */
export type Access = 'public' | 'api' | readonly Role[];

export const EVERYONE_LOGGED_IN: readonly Role[] = ROLES;

export interface RouteDef {
  method: 'get' | 'post';
  path: string;
  access: Access;
  /** Middleware that must run before the CSRF check, such as a multipart parser. */
  before?: RequestHandler[];
  handler: (req: Request, res: Response, next: NextFunction) => unknown;
}

export const get = (path: string, access: Access, handler: RouteDef['handler']): RouteDef => ({ method: 'get', path, access, handler });
export const post = (path: string, access: Access, handler: RouteDef['handler'], before?: RequestHandler[]): RouteDef => ({
  method: 'post',
  path,
  access,
  handler,
  before,
});
