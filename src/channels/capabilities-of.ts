import type { Capabilities } from './contract/capabilities.js';
import { adapterFor } from './registry.js';

/** A channel's effective capabilities: its network's, narrowed by its own settings where its adapter says how. */
export function capabilitiesOf(type: string, settings: Record<string, unknown>): Capabilities {
  const adapter = adapterFor(type);
  return adapter.capabilitiesFor?.(settings) ?? adapter.capabilities;
}
