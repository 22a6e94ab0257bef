// Errors caused by what the client sent, recognised wherever they are thrown (body parsing, upload, PostgreSQL),
// so bad input gets a 4xx with a Dutch message and never a 500.

export interface ClientError {
  status: number;
  /** Machine-readable code for the API's `error` field. */
  code: string;
  title: string;
  message: string;
}

const BY_STATUS: Record<number, Omit<ClientError, 'status'>> = {
  400: {
    code: 'bad_request',
    title: 'Ongeldig verzoek',
    message: 'Het verzoek kon niet worden gelezen. Controleer wat u verstuurde en probeer het opnieuw.',
  },
  404: { code: 'not_found', title: 'Deze pagina bestaat niet', message: 'Controleer het adres of ga terug naar de startpagina.' },
  409: {
    code: 'conflict',
    title: 'Bestaat al',
    message: 'Dit is intussen al opgeslagen, misschien door iemand anders. Laad de pagina opnieuw en controleer de gegevens.',
  },
  413: { code: 'payload_too_large', title: 'Verzoek te groot', message: 'Het verzoek is te groot of bevat te veel velden.' },
  415: {
    code: 'unsupported_media_type',
    title: 'Vorm niet ondersteund',
    message: 'Stuur tekst als UTF-8: JSON met Content-Type application/json, of een gewoon formulier.',
  },
};

const UPLOAD: Record<string, number> = {
  LIMIT_FILE_SIZE: 413,
  LIMIT_PART_COUNT: 413,
  LIMIT_FIELD_COUNT: 413,
  LIMIT_FIELD_VALUE: 413,
};

/**
 * SQLSTATE class 22 ("data exception": invalid text representation 22P02, NUL byte 22021, too long 22001,
 * bad date 22007/22008, out of range 22003 …) can only come from a value someone typed that validation let
 * through. A safety net: validation should catch these first, so they are logged as a warning.
 */
export const isDataException = (err: unknown): boolean => {
  const e = err as { code?: unknown; severity?: unknown } | null;
  return typeof e?.code === 'string' && typeof e.severity === 'string' && /^22[0-9A-Z]{3}$/.test(e.code);
};

/** Dutch message for an upload (multer) error, for the file field. */
export function uploadMessage(err: unknown): string {
  switch ((err as { code?: unknown })?.code) {
    case 'LIMIT_FILE_SIZE':
      return 'Het bestand is te groot (hoogstens 5 MB)';
    case 'LIMIT_FILE_COUNT':
      return 'Kies één bestand';
    case 'LIMIT_UNEXPECTED_FILE':
      return 'Kies het bestand in het veld “CSV-bestand”';
    default:
      return 'Het bestand kon niet worden gelezen. Kies het opnieuw en probeer het nog eens';
  }
}

export function clientError(err: unknown): ClientError | undefined {
  const e = err as { status?: unknown; name?: unknown; code?: unknown; severity?: unknown } | null;
  if (!e || typeof e !== 'object') return undefined;
  if (e.name === 'MulterError') {
    const status = UPLOAD[String(e.code)] ?? 400;
    return { status, ...BY_STATUS[status]!, message: uploadMessage(err) };
  }
  // body-parser, the router (an undecodable %-escape in the path) and our own charset check give client faults a 4xx status.
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return { status: e.status, ...(BY_STATUS[e.status] ?? BY_STATUS[400]!) };
  }
  if (isDataException(err))
    return {
      status: 400,
      ...BY_STATUS[400]!,
      message: 'Een van de ingevulde waarden is ongeldig. Controleer wat u invulde en probeer het opnieuw.',
    };
  // A unique index refusing a row: someone saved the same thing first (services name the field where they can).
  if (e.code === '23505' && typeof e.severity === 'string') return { status: 409, ...BY_STATUS[409]! };
  return undefined;
}

/** An error like body-parser's, for a request whose body we refuse before parsing. */
export const unsupportedBody = (what: string): Error =>
  Object.assign(new Error(`${what} wordt niet ondersteund`), { status: 415, expose: true, type: 'charset.unsupported' });
