import type { DemoThread } from './demo-events.js';

/**
 * In-memory state the traffic generator and the callback share within one process. Losing it on a
 * restart is fine: the callback then falls back to what the outbound request itself says.
 * Maps are bounded so a demo left running for weeks does not grow without end.
 */
const MAX_ENTRIES = 5000;

const baseUrls = new Map<string, string>();
const threads = new Map<string, DemoThread>();
const timers = new Map<string, Set<NodeJS.Timeout>>();

export function boundedSet<K, V>(map: Map<K, V>, key: K, value: V) {
  map.delete(key);
  map.set(key, value);
  // Maps iterate in insertion order, so the first key is the oldest.
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as K);
}

export function setDemoBaseUrl(channelId: string, baseUrl: string) {
  baseUrls.set(channelId, baseUrl.replace(/\/+$/, ''));
}

export const demoBaseUrl = (channelId: string) => baseUrls.get(channelId);

export function rememberThread(t: DemoThread) {
  boundedSet(threads, `${t.channelId}|${t.customerId}`, t);
}

export const findDemoThread = (channelId: string, customerId: string) => threads.get(`${channelId}|${customerId}`);

/** A timer that stopDemoTimers can cancel, and that never keeps the process alive by itself. */
export function later(channelId: string, ms: number, fn: () => Promise<void>) {
  let set = timers.get(channelId);
  if (!set) timers.set(channelId, (set = new Set()));
  const own = set;
  const handle = setTimeout(() => {
    own.delete(handle);
    void fn();
  }, ms);
  handle.unref();
  own.add(handle);
}

export function stopDemoTimers(channelId: string) {
  for (const h of timers.get(channelId) ?? []) clearTimeout(h);
  timers.delete(channelId);
  baseUrls.delete(channelId);
}
