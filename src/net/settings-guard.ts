import type { Config } from '../config/index.js';
import { AppError } from '../lib/errors.js';
import { urlRefusal } from './outbound-http.js';

/**
 * Settings that replace a network's fixed API host: channels' `apiBaseUrl` (Meta, Instagram,
 * WhatsApp, X, Telegram) and listening sources' `baseUrl` (X, X stream, YouTube, Reddit). Calls to
 * that host carry the channel's token, so whoever sets it receives the token: only the operator
 * may allow it (HEARKEN_ALLOW_NETWORK_BASE_URL, for tests and fakes), never a workspace admin.
 */
export const NETWORK_BASE_URL_KEYS = ['apiBaseUrl', 'baseUrl'] as const;

const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/** Refuses input that tries to set a network's base URL while the operator has not allowed it. */
export function refuseNetworkBaseUrl(config: Config, input: unknown, prefix = 'settings'): void {
  if (config.outbound.allowNetworkBaseUrl || !input || typeof input !== 'object') return;
  for (const k of NETWORK_BASE_URL_KEYS) {
    if (!given((input as Record<string, unknown>)[k])) continue;
    const reason = "is fixed to the network's own API host and cannot be changed (only an operator can, for tests: HEARKEN_ALLOW_NETWORK_BASE_URL)";
    throw new AppError('network_base_url_fixed', `${prefix}.${k}: ${reason}`, [{ field: `${prefix}.${k}`, reason }]);
  }
}

/** Settings as network code may read them: a stored base URL (older data) is dropped unless the operator allows it. */
export function withoutNetworkBaseUrl<T extends Record<string, unknown>>(config: Config, settings: T): T {
  if (config.outbound.allowNetworkBaseUrl || !NETWORK_BASE_URL_KEYS.some((k) => k in settings)) return settings;
  const copy: Record<string, unknown> = { ...settings };
  for (const k of NETWORK_BASE_URL_KEYS) delete copy[k];
  return copy as T;
}

/**
 * Refuses, when it is saved, a URL Hearken will call that names a non-public address outright
 * (127.0.0.1, [::1], 169.254.169.254, 10.x, 0x7f000001, localhost…). Names resolving to such
 * addresses and redirects are refused on connect by the outbound client; this only makes the
 * obvious cases an immediate 400 instead of a failed delivery later.
 */
export function refuseInternalUrl(config: Config, field: string, raw: unknown): void {
  if (typeof raw !== 'string' || !raw) return;
  let url: URL;
  try {
    url = new URL(raw.replace(/^ws(s?):/i, 'http$1:'));
  } catch {
    return; // not a URL: the field's own schema says so
  }
  const why = urlRefusal(url, config.outbound.allow);
  if (why) throw new AppError('outbound_refused', `${field}: ${why}`, [{ field, reason: why }]);
}
