import passport, { PassportStatic } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { UserService } from '../users/userService';
import type { User as AppUser } from '../users/types';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends AppUser {}
  }
}

/** A fresh Passport instance per app, so tests can build several apps side by side. */
export function configurePassport(users: UserService): PassportStatic {
  const p = new passport.Passport() as unknown as PassportStatic;
  p.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, email, password, done) => {
      users.login(email, password, { ip: req.ip, requestId: req.id }).then(
        (r) => (r.ok ? done(null, r.user) : done(null, false, { message: r.reason })),
        (e) => done(e),
      );
    }),
  );
  p.serializeUser((user, done) => done(null, user.id));
  // A deactivated user loses their session on the next request.
  p.deserializeUser((id: string, done) => {
    users.activeById(id).then(
      (u) => done(null, u ?? false),
      (e) => done(e),
    );
  });
  return p;
}
