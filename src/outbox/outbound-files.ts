import type { Config } from '../config/index.js';
import { parseJson } from '../lib/json.js';
import { mediaStoreFor } from '../media/storage.js';
import type { OutboundFile } from '../channels/contract/outbound-file.js';

/**
 * The files of an outbound message (those with `media`, set by conversations/check-attachments.ts),
 * or the reason they cannot be sent: a file deleted from the store since the reply was queued is
 * a permanent failure the agent sees, never a message sent without it.
 */
export async function outboundFiles(config: Pick<Config, 'media'>, attachmentsJson: string): Promise<OutboundFile[] | { error: string }> {
  const atts = parseJson<Array<{ media?: string; stored?: string; name?: string; contentType?: string; size?: number }>>(attachmentsJson, []).filter(
    (a) => a.media && a.stored,
  );
  const store = mediaStoreFor(config);
  const out: OutboundFile[] = [];
  for (const a of atts) {
    const m = await store.get(a.stored!);
    if (!m) return { error: `the attachment ${a.name ?? a.stored} is no longer stored; remove it and send again` };
    out.push({
      name: a.name ?? 'file',
      contentType: a.contentType ?? m.contentType,
      size: m.size,
      read: async () => new Uint8Array(await new Response(m.body()).arrayBuffer()),
    });
  }
  return out;
}
