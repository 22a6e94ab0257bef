// Errors that mean "PostgreSQL could not be reached or dropped the connection", as opposed to a bad query.
// They fail only the request that met them (503); the pool replaces the connection by itself.
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now; class 08 is "connection exception".
const SERVER_CODES = new Set(['57P01', '57P02', '57P03']);
// pg and pg-pool report a lost or never-made connection by message only.
const MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i;

function matches(e: { code?: unknown; message?: unknown }): boolean {
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  return typeof e.message === 'string' && MESSAGES.test(e.message);
}

/** True when the error, its cause or one of its aggregated errors is a lost database connection. */
export function isConnectionLoss(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (matches(e)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isConnectionLoss(x, depth + 1))) return true;
  return isConnectionLoss(e.cause, depth + 1);
}

/** True when PostgreSQL cancelled the query: the statement timeout of the web server (57014 query_canceled). */
export function isCancelledQuery(err: unknown): boolean {
  return Boolean(err && typeof err === 'object' && (err as { code?: unknown }).code === '57014');
}
