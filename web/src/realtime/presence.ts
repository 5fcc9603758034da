import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { getCsrf, post } from '../api/client';
import { keys } from '../api/queries';
import type { Viewer } from '../api/types';
import type { LiveStream } from './stream';

/**
 * Tells the server who is looking at a conversation (every 10 s, on typing, and 'left' on close)
 * and returns the other people viewing or typing there, kept fresh by `presence` stream frames.
 * A server without the presence endpoint simply shows nobody.
 */
export function usePresence(conversationId: string | undefined, stream: LiveStream) {
  const qc = useQueryClient();
  const supported = useRef(true);
  const lastTyping = useRef(0);
  const viewers = useQuery({ queryKey: keys.presence(conversationId ?? ''), queryFn: () => [] as Viewer[], enabled: false, initialData: [] as Viewer[] });

  const send = useCallback(
    async (state: 'viewing' | 'typing') => {
      if (!conversationId || !supported.current) return;
      // A cookie session writes with its CSRF token (set by useMe before any of this renders);
      // without one the server answers 403, so wait for the next beat instead.
      if (!getCsrf()) return;
      try {
        const r = await post<{ viewers: Viewer[] }>(`/conversations/${conversationId}/presence`, { state });
        qc.setQueryData(keys.presence(conversationId), r.viewers);
      } catch (e) {
        if ((e as { status?: number }).status === 404) supported.current = false;
      }
    },
    [conversationId, qc],
  );

  useEffect(() => {
    if (!conversationId) return;
    void send('viewing');
    const timer = setInterval(() => void send('viewing'), 10_000);
    // Presence frames are not replayed: after (re)connecting, ask who is here now.
    const off = stream.onStatus(() => {
      if (stream.status === 'live') void send('viewing');
    });
    return () => {
      clearInterval(timer);
      off();
      if (!supported.current) return;
      // keepalive: the request survives the page closing.
      void fetch(`/api/v1/conversations/${conversationId}/presence`, {
        method: 'POST',
        keepalive: true,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': getCsrf() ?? '' },
        body: JSON.stringify({ state: 'left' }),
      }).catch(() => undefined);
    };
  }, [conversationId, send, stream]);

  const typing = useCallback(() => {
    const now = Date.now();
    if (now - lastTyping.current < 4_000) return;
    lastTyping.current = now;
    void send('typing');
  }, [send]);

  return { viewers: viewers.data ?? [], typing };
}
