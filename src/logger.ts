import pino from 'pino';

export type Logger = pino.Logger;

// Structured logs. Personal data never goes in: callers log ids, not names or contact details.
export function createLogger(level: string, env: string): Logger {
  return pino({
    level: env === 'test' && level === 'info' ? 'silent' : level,
    base: { app: 'jeugdtoezicht' },
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password'], remove: true },
  });
}
