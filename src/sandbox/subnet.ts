// Parses the sandbox subnet (`10.200.0.0/24`) and hands out addresses: .1 for the bridge, then one per host.
import { CarbonPlayError } from '../core/errors.js';

export interface Subnet {
  cidr: string;
  prefix: number;
  /** Address `n` inside the subnet (n = 1 is the bridge). */
  address(n: number): string;
  /** How many host addresses there are after the bridge. */
  capacity: number;
}

function toInt(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

function toIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function parseSubnet(cidr: string): Subnet {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(cidr);
  const base = m ? toInt(m[1]) : null;
  const prefix = m ? Number(m[2]) : NaN;
  if (!m || base === null || !(prefix >= 8 && prefix <= 29)) {
    throw new CarbonPlayError('options', `--subnet: expected an IPv4 network like 10.200.0.0/24, got ${JSON.stringify(cidr)}`);
  }
  const size = 2 ** (32 - prefix);
  const network = base - (base % size);
  return {
    cidr: `${toIp(network)}/${prefix}`,
    prefix,
    capacity: size - 3,
    address: (n: number) => toIp(network + n),
  };
}
