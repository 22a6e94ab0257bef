import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes).
export const hashPassword = (plain: string): Promise<string> => hash(plain);

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 12;

// Verifying against this keeps the time of a login for an unknown e-mail close to that of a known one.
export const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$AoLA5AHQPijfP2MJmACPWQ$fbNk9F98SLMIObyA0j78seAoAD282DhbrHxBmOdj6e0';
