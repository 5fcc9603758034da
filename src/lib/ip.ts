/**
 * IP address parsing and the ranges Hearken's outbound client refuses (src/net/outbound-http.ts).
 * Written by hand because no range library is installed; kept strict: only the canonical forms
 * DNS answers, sockets and WHATWG URLs produce are parsed (a URL host such as `0x7f000001`,
 * `2130706433` or `0177.1` is already normalised to `127.0.0.1` by `new URL()`).
 */

export type Ip = { v: 4; bytes: number[] } | { v: 6; bytes: number[] };

/** Why an address is not a public one, or null when it is. */
export type IpRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared (CGNAT)'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  | 'broadcast';

function parseV4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    // Decimal only, no leading zeros: "010" would be octal to some parsers and decimal to others.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseV6(s: string): number[] | null {
  if (s.includes('%')) return null; // zone ids name a local interface: never a public address
  let head = s;
  let v4: number[] | null = null;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    v4 = parseV4(s.slice(lastColon + 1));
    if (!v4) return null;
    head = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const group = (g: string) => (g === '' ? [] : g.split(':'));
  const left = group(halves[0]!);
  const right = halves.length === 2 ? group(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const words = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  const bytes: number[] = [];
  for (const w of words) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return null;
    const n = parseInt(w, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  if (v4) bytes.splice(12, 4, ...v4);
  return bytes;
}

/** Parses a dotted-quad IPv4 or an IPv6 address (brackets allowed); null for anything else. */
export function parseIp(raw: string): Ip | null {
  const s = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  if (s.includes(':')) {
    const b = parseV6(s);
    return b ? { v: 6, bytes: b } : null;
  }
  const b = parseV4(s);
  return b ? { v: 4, bytes: b } : null;
}

/** The IPv4 address an IPv6 one carries and routes to (mapped, NAT64, 6to4), if any. */
function embeddedV4(b: number[]): number[] | null {
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped) and the deprecated ::a.b.c.d (compatible; :: and ::1 are handled before).
  if (zero(0, 10) && ((b[10] === 0xff && b[11] === 0xff) || (b[10] === 0 && b[11] === 0))) return b.slice(12);
  // 64:ff9b::/96, the well-known NAT64 prefix: a gateway connects to the embedded address.
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return b.slice(12);
  // 2002::/16, 6to4: the next 32 bits are the relay's IPv4 address.
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6);
  return null;
}

function inV4(b: number[], net: [number, number, number, number], bits: number): boolean {
  return prefixMatch(b, net, bits);
}

function prefixMatch(b: number[], net: number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i % 8);
    if ((b[i >> 3]! & mask) !== (net[i >> 3]! & mask)) return false;
  }
  return true;
}

function rangeV4(b: number[]): IpRange | null {
  if (inV4(b, [0, 0, 0, 0], 8)) return 'unspecified';
  if (inV4(b, [10, 0, 0, 0], 8)) return 'private';
  if (inV4(b, [100, 64, 0, 0], 10)) return 'shared (CGNAT)';
  if (inV4(b, [127, 0, 0, 0], 8)) return 'loopback';
  if (inV4(b, [169, 254, 0, 0], 16)) return 'link-local';
  if (inV4(b, [172, 16, 0, 0], 12)) return 'private';
  if (inV4(b, [192, 0, 0, 0], 24)) return 'reserved';
  if (inV4(b, [192, 0, 2, 0], 24) || inV4(b, [198, 51, 100, 0], 24) || inV4(b, [203, 0, 113, 0], 24)) return 'documentation';
  if (inV4(b, [192, 88, 99, 0], 24)) return 'reserved';
  if (inV4(b, [192, 168, 0, 0], 16)) return 'private';
  if (inV4(b, [198, 18, 0, 0], 15)) return 'benchmarking';
  if (inV4(b, [224, 0, 0, 0], 4)) return 'multicast';
  if (b.every((x) => x === 255)) return 'broadcast';
  if (inV4(b, [240, 0, 0, 0], 4)) return 'reserved';
  return null;
}

function rangeV6(b: number[]): IpRange | null {
  const v = (s: string) => parseV6(s)!;
  if (b.every((x) => x === 0)) return 'unspecified';
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'loopback';
  const v4 = embeddedV4(b);
  if (v4) return rangeV4(v4);
  if (prefixMatch(b, v('fe80::'), 10)) return 'link-local';
  if (prefixMatch(b, v('fec0::'), 10)) return 'private'; // deprecated site-local
  if (prefixMatch(b, v('fc00::'), 7)) return 'unique-local';
  if (prefixMatch(b, v('ff00::'), 8)) return 'multicast';
  if (prefixMatch(b, v('2001:db8::'), 32)) return 'documentation';
  // Teredo hides its IPv4 server obfuscated; local-use NAT64 and ORCHID are not destinations.
  if (prefixMatch(b, v('2001::'), 32) || prefixMatch(b, v('64:ff9b:1::'), 48) || prefixMatch(b, v('2001:10::'), 28)) return 'reserved';
  // Only global unicast (2000::/3) is routed on the Internet; the rest of the space is reserved.
  if (!prefixMatch(b, v('2000::'), 3)) return 'reserved';
  return null;
}

/** The non-public range an address falls in, or null for a public address. */
export function nonPublicRange(ip: Ip): IpRange | null {
  return ip.v === 4 ? rangeV4(ip.bytes) : rangeV6(ip.bytes);
}

/** A CIDR block (or one address) an operator allows. */
export interface Cidr {
  ip: Ip;
  bits: number;
}

/** Parses "10.0.0.0/8", "fd00::/8" or a single address; null when it is neither. */
export function parseCidr(s: string): Cidr | null {
  const [addr, len, extra] = s.split('/');
  if (extra !== undefined || !addr) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const max = ip.v === 4 ? 32 : 128;
  if (len === undefined) return { ip, bits: max };
  if (!/^[0-9]{1,3}$/.test(len) || Number(len) > max) return null;
  return { ip, bits: Number(len) };
}

/** Whether `ip` lies in `c`; an IPv4-mapped IPv6 address also matches IPv4 blocks. */
export function cidrContains(c: Cidr, ip: Ip): boolean {
  if (c.ip.v === ip.v) return prefixMatch(ip.bytes, c.ip.bytes, c.bits);
  if (c.ip.v === 4 && ip.v === 6) {
    const b = ip.bytes;
    const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
    return mapped && prefixMatch(b.slice(12), c.ip.bytes, c.bits);
  }
  return false;
}
