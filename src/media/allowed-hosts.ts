import { allAdapters } from '../channels/registry.js';

/**
 * The only hosts Hearken downloads attachments from, per network: each adapter's own `mediaHosts`
 * (its media CDN). A URL in a delivery is a stranger's input, so fetching anything else would let
 * a delivery make this server call an arbitrary (or internal) address. The web app draws inline
 * images from a subset of these (web/src/lib/safe-url.ts MEDIA_HOSTS, and the CSP img-src in
 * src/http/routes/web.ts).
 */
export interface HostRule {
  domains: string[];
  hosts: string[];
}

/** By identity namespace (adapter.network): several channel types may share one (all Meta apps). */
const byNetwork = new Map<string, HostRule>(allAdapters().flatMap((a) => (a.mediaHosts ? [[a.network, a.mediaHosts] as const] : [])));

/** The network's media host rule, or null when Hearken fetches nothing for that network. */
export function mediaHostsOf(network: string): HostRule | null {
  return byNetwork.get(network) ?? null;
}

/** True when `hostname` is one of the network's own media hosts. */
export function isAllowedMediaHost(network: string, hostname: string): boolean {
  const rule = mediaHostsOf(network);
  if (!rule) return false;
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return rule.hosts.includes(host) || rule.domains.some((d) => host === d || host.endsWith(`.${d}`));
}
