import { cidrContains, parseCidr, type Cidr, type Ip } from './ip.js';

/**
 * The operator's exceptions to the outbound client's "public addresses only" rule
 * (HEARKEN_OUTBOUND_ALLOW): addresses and CIDR blocks, exact host names, and `*.domain` for a
 * domain's subdomains. A named host is allowed whatever it resolves to; an address or block is
 * matched against the address actually connected to.
 */
export interface HostAllowList {
  cidrs: Cidr[];
  hosts: string[];
  /** Domains from `*.domain` entries (subdomains only, not the domain itself). */
  suffixes: string[];
  /** The entries as the operator wrote them, for messages. */
  entries: string[];
}

const HOST = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Parses a comma-separated list; throws an Error naming the first bad entry. */
export function parseHostAllowList(raw: string): HostAllowList {
  const list: HostAllowList = { cidrs: [], hosts: [], suffixes: [], entries: [] };
  for (const item of raw.split(',')) {
    const e = item.trim().toLowerCase();
    if (!e) continue;
    list.entries.push(e);
    const cidr = parseCidr(e);
    if (cidr) list.cidrs.push(cidr);
    else if (e.startsWith('*.') && HOST.test(e.slice(2))) list.suffixes.push(e.slice(2));
    else if (HOST.test(e) && !/^[0-9.]+$/.test(e)) list.hosts.push(e);
    else throw new Error(`"${item.trim()}" is not an IP address, a CIDR block (10.0.0.0/8), a host name or *.domain`);
  }
  return list;
}

export const EMPTY_ALLOW_LIST: HostAllowList = { cidrs: [], hosts: [], suffixes: [], entries: [] };

export function allowsHost(list: HostAllowList, hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return list.hosts.includes(h) || list.suffixes.some((s) => h.endsWith(`.${s}`));
}

export function allowsAddress(list: HostAllowList, ip: Ip): boolean {
  return list.cidrs.some((c) => cidrContains(c, ip));
}
