import { parseJson } from '../../lib/json.js';
import type { ListeningSourceTable } from '../../store/schema.js';
import { sourceAdapters } from './registry.js';

export interface SourceState {
  lastPolledAt?: number;
  lastOkAt?: number;
  lastError?: string | null;
  /** Set from a rate-limit answer: no call before this time. */
  backoffUntil?: number | null;
  lastFetched?: number;
  lastStored?: number;
  lastMentions?: number;
  totalStored?: number;
}

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

/** A source as the API shows it: settings, which credentials are set (never their values), state. */
export function presentSource(r: ListeningSourceTable, secretNames: string[]) {
  const s = parseJson<SourceState>(r.state, {});
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    settings: parseJson<Record<string, unknown>>(r.settings, {}),
    secrets: Object.fromEntries((sourceAdapters[r.kind]?.secrets ?? []).map((k) => [k, secretNames.includes(k)])),
    active: r.active === 1,
    pollIntervalSeconds: r.poll_interval_s,
    nextPollAt: iso(r.next_poll_at),
    state: {
      lastPolledAt: iso(s.lastPolledAt),
      lastOkAt: iso(s.lastOkAt),
      lastError: s.lastError ?? null,
      backoffUntil: iso(s.backoffUntil),
      lastFetched: s.lastFetched ?? 0,
      lastStored: s.lastStored ?? 0,
      lastMentions: s.lastMentions ?? 0,
      totalStored: s.totalStored ?? 0,
      // x_stream only: its rules sync report and its stream connection (x-stream/adapter.ts, stream.ts).
      ...presentXStream(s as SourceState & { rules?: { syncedAt?: number }; stream?: Record<string, unknown> }),
    },
    createdAt: iso(r.created_at),
  };
}

function presentXStream(s: SourceState & { rules?: { syncedAt?: number }; stream?: Record<string, any> }) {
  const out: Record<string, unknown> = {};
  if (s.rules) out.rules = { ...s.rules, syncedAt: iso(s.rules.syncedAt) };
  if (s.stream) {
    const st = s.stream;
    out.stream = {
      ...st,
      connectedAt: iso(st.connectedAt),
      lastDataAt: iso(st.lastDataAt),
      lastPostAt: iso(st.lastPostAt),
      backoffUntil: iso(st.backoffUntil),
    };
  }
  return out;
}
