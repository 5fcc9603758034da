import type { App } from '../app.js';
import type { NetworkContext } from '../channels/contract/context.js';
import { unsealChannel } from '../channels/load-channel.js';
import { adapterFor, allAdapters } from '../channels/registry.js';

export interface ChannelCheck {
  channelId: string;
  workspaceId: string;
  name: string;
  type: string;
  network: string;
  status: 'ok' | 'failed' | 'skipped';
  /** What was verified, or the network's own error text. */
  detail: string;
}

/** Checks run at once; each network sees at most one request at a time per channel. */
const PARALLEL = 4;

/**
 * Verifies every channel (of one workspace, or all) against its network: credentials valid,
 * the token's account the configured one, webhooks subscribed where the network says. Disabled
 * channels are skipped. A check that throws (a bug, an unreadable secret) is a failure with its
 * reason, never a crash of the whole run.
 */
export async function checkChannels(app: App, o: { workspaceId?: string; channelId?: string; timeoutMs?: number } = {}): Promise<ChannelCheck[]> {
  let q = app.store.db.selectFrom('channels').selectAll().orderBy('workspace_id').orderBy('created_at');
  if (o.workspaceId) q = q.where('workspace_id', '=', o.workspaceId);
  if (o.channelId) q = q.where('id', '=', o.channelId);
  const rows = await q.execute();
  const ctx: NetworkContext = { timeoutMs: o.timeoutMs ?? app.config.sendTimeoutMs, now: () => app.now(), outbound: app.outbound };
  const out: ChannelCheck[] = new Array(rows.length);
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const i = next++;
      const row = rows[i]!;
      const base = { channelId: row.id, workspaceId: row.workspace_id, name: row.name, type: row.type, network: networkOf(row.type) };
      if (row.status !== 'active') {
        out[i] = { ...base, status: 'skipped', detail: `channel is ${row.status}` };
        continue;
      }
      const adapter = allAdapters().find((a) => a.type === row.type);
      if (!adapter?.check) {
        out[i] = { ...base, status: 'skipped', detail: 'no check for this channel type' };
        continue;
      }
      try {
        const f = await adapter.check(ctx, unsealChannel(row, app.config));
        out[i] = { ...base, status: f.ok ? 'ok' : 'failed', detail: f.detail };
      } catch (err) {
        out[i] = { ...base, status: 'failed', detail: `check failed: ${(err as Error).message}` };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, rows.length) }, worker));
  return out;
}

function networkOf(type: string): string {
  try {
    return adapterFor(type).network;
  } catch {
    return type;
  }
}

/** A plain-text table for the terminal: channel, network, result, what the network said. */
export function formatChecks(rows: ChannelCheck[]): string {
  const head = ['CHANNEL', 'TYPE', 'NETWORK', 'RESULT', 'DETAIL'];
  const body = rows.map((r) => [`${r.name} (${r.channelId})`, r.type, r.network, r.status === 'failed' ? 'FAILED' : r.status, r.detail.replace(/\s+/g, ' ')]);
  const width = head.slice(0, 4).map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 4 ? c.padEnd(width[i]!) : c))
      .join('  ')
      .trimEnd();
  return [line(head), ...body.map(line)].join('\n');
}
