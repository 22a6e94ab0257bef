import request from 'supertest';
import type { Express } from 'express';
import type { Services } from '../../src/composition';
import { systemActor } from '../../src/audit/types';
import type { Role } from '../../src/auth/roles';

export const PASSWORD = 'correct horse battery';

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('geen CSRF-token in de pagina');
  return m[1]!;
}

export async function makeUser(
  services: Services,
  roles: Role[],
  email = `${roles.join('-') || 'geen'}-${Math.random().toString(36).slice(2, 8)}@igj.test`,
) {
  return services.users.create(systemActor('test'), { email, name: `Test ${roles.join(' ')}`, roles, password: PASSWORD });
}

/** A supertest agent that is logged in, plus a CSRF token for its session. */
export async function loginAs(app: Express, email: string, password = PASSWORD) {
  const agent = request.agent(app);
  const page = await agent.get('/inloggen');
  const res = await agent
    .post('/inloggen')
    .type('form')
    .send({ email, password, _csrf: csrfFrom(page.text) });
  if (res.status !== 303) throw new Error(`inloggen mislukt (${res.status})`);
  const home = await agent.get('/');
  return { agent, csrf: csrfFrom(home.text) };
}
