/**
 * The only hosts Hearken downloads attachments from, per network: the network's own media CDN.
 * A URL in a delivery is a stranger's input, so fetching anything else would let a delivery make
 * this server call an arbitrary (or internal) address. `domains` match the domain and its
 * subdomains; `hosts` match exactly. The web app draws inline images from a subset of these
 * (web/src/lib/safe-url.ts MEDIA_HOSTS, and the CSP img-src in src/http/routes/web.ts).
 */
export interface HostRule {
  domains: string[];
  hosts: string[];
}

const meta: HostRule = { domains: ['fbcdn.net', 'fbsbx.com', 'cdninstagram.com'], hosts: ['lookaside.fbsbx.com'] };

export const MEDIA_HOSTS_BY_NETWORK: Record<string, HostRule> = {
  facebook: meta,
  messenger: meta,
  instagram: meta,
  whatsapp: meta,
  x: { domains: [], hosts: ['pbs.twimg.com', 'video.twimg.com', 'ton.twitter.com'] },
  // File download URLs (https://api.telegram.org/file/bot<token>/<path>); see docs/media.md.
  telegram: { domains: [], hosts: ['api.telegram.org'] },
};

/** The network's media host rule, or null when Hearken fetches nothing for that network. */
export function mediaHostsOf(network: string): HostRule | null {
  return Object.hasOwn(MEDIA_HOSTS_BY_NETWORK, network) ? MEDIA_HOSTS_BY_NETWORK[network] : null;
}

/** True when `hostname` is one of the network's own media hosts. */
export function isAllowedMediaHost(network: string, hostname: string): boolean {
  const rule = mediaHostsOf(network);
  if (!rule) return false;
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return rule.hosts.includes(host) || rule.domains.some((d) => host === d || host.endsWith(`.${d}`));
}
