import { signBody } from '../channels/api/signature.js';

export interface PostResult {
  ok: boolean;
  status: number;
  error?: string;
}

/**
 * Posts one delivery to a channel's webhook exactly as a custom source would: over real HTTP,
 * signed with the channel's secret. Never throws: the demo's timers must keep running.
 */
export async function postSigned(url: string, secret: string, payload: unknown, nowMs: number): Promise<PostResult> {
  const body = JSON.stringify(payload);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'HearkenDemo/0.1', ...signBody(secret, body, nowMs) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = (await res.text().catch(() => '')).slice(0, 300);
    return res.ok ? { ok: true, status: res.status } : { ok: false, status: res.status, error: text || res.statusText };
  } catch (err) {
    return { ok: false, status: 0, error: (err as Error).message };
  }
}
