import { isIP } from 'node:net';

/** What Express accepts as `trust proxy`: off, everything, a hop count, or a list of addresses, subnets and names. */
export type TrustProxy = boolean | number | string[];

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrSubnet(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  // proxy-addr also takes a netmask (255.255.255.0) after the slash.
  if (isIP(bits) !== 0) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * Parses TRUST_PROXY. Unset means no proxy: the client's own address counts, and a made-up X-Forwarded-For is ignored.
 * Returns undefined for a value Express would misread, so start-up can refuse it.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy | undefined {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim());
  return entries.every((e) => NAMED.has(e) || isAddressOrSubnet(e)) ? entries : undefined;
}
