import * as client from 'openid-client';
import type { OidcConfig } from '../../config/index.js';

/**
 * The provider's metadata, discovered once per process (issuer/.well-known/openid-configuration)
 * and kept; a failed discovery is not kept, so the next sign-in tries again.
 */
const cache = new Map<string, Promise<client.Configuration>>();

export function providerConfig(cfg: OidcConfig): Promise<client.Configuration> {
  const key = `${cfg.issuer}|${cfg.clientId}`;
  let p = cache.get(key);
  if (!p) {
    const options = cfg.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined;
    p = client.discovery(new URL(cfg.issuer), cfg.clientId, undefined, client.ClientSecretBasic(cfg.clientSecret), options);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

/** For tests that start a new provider at the same address. */
export const forgetProviders = () => cache.clear();
