import type { Capabilities } from './capabilities.js';
import { adapterFor } from './registry.js';

/**
 * A channel's effective capabilities: its network's, narrowed by its own settings. Today one
 * setting narrows them: an API channel whose receiver cannot deduplicate by Idempotency-Key
 * (settings.idempotentCallbacks = false) gets uncertain sends handed to a human, not retried.
 */
export function capabilitiesOf(type: string, settings: Record<string, unknown>): Capabilities {
  const base = adapterFor(type).capabilities;
  return settings.idempotentCallbacks === false ? { ...base, safeRetry: false } : base;
}
