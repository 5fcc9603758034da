import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { post, put } from '../api/client';
import { errorText } from '../api/error-text';
import { t, type MessageKey } from '../i18n';
import { type Availability, routingKeys, useMyAvailability } from './api';
import './board.css';

const HEARTBEAT_MS = 30_000;
const RETRY_MS = 3_000;

/**
 * Tells the server this tab is open and how long since the member last used it, every 30 s and
 * when they come back to it; the server turns them away when every tab goes quiet (closed) or
 * they stay idle too long (README "Availability"), and online again on their next activity.
 */
function useHeartbeat() {
  const qc = useQueryClient();
  useEffect(() => {
    let lastActive = Date.now();
    let idleSent = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const beat = () => {
      clearTimeout(retry);
      return post('/me/availability/heartbeat', { idleMs: Math.max(0, Date.now() - lastActive) })
        .then(() => void qc.invalidateQueries({ queryKey: routingKeys.mine }))
        .catch(() => {
          // A beat lost to a busy server or a network blip would leave the member away until the
          // next one, 30 s later: try again soon instead.
          retry = setTimeout(() => void beat(), RETRY_MS);
        });
    };
    const active = () => {
      const wasIdle = Date.now() - lastActive > 60_000;
      lastActive = Date.now();
      // Back after a pause: say so at once rather than at the next beat.
      if (wasIdle || idleSent) {
        idleSent = false;
        void beat();
      }
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'focus'] as const;
    for (const e of events) window.addEventListener(e, active, { passive: true });
    void beat();
    const timer = setInterval(() => {
      idleSent = Date.now() - lastActive > 60_000;
      void beat();
    }, HEARTBEAT_MS);
    return () => {
      clearInterval(timer);
      clearTimeout(retry);
      for (const e of events) window.removeEventListener(e, active);
    };
  }, [qc]);
}

/** The sidebar's availability: a dot and a select (online / busy / away), with why when away by itself. */
export function AvailabilityControl() {
  useHeartbeat();
  const qc = useQueryClient();
  const mine = useMyAvailability();
  const [err, setErr] = useState<string | null>(null);
  const status = mine.data?.status ?? 'away';
  const why = status === 'away' && mine.data?.chosen !== 'away' && (mine.data?.reason === 'idle' || mine.data?.reason === 'closed') ? mine.data.reason : null;
  const choose = async (s: Availability) => {
    setErr(null);
    try {
      const next = await put<{ status: Availability }>('/me/availability', { status: s });
      qc.setQueryData(routingKeys.mine, { ...mine.data, ...next, chosen: s });
    } catch (e) {
      setErr(t('availability.failed', { message: errorText(e) }));
    }
    void qc.invalidateQueries({ queryKey: ['routing'] });
  };
  return (
    <div className="availability">
      <span className={`avail-dot ${status}`} aria-hidden="true" />
      <label className="sr-only" htmlFor="availability">
        {t('availability.label')}
      </label>
      <select
        id="availability"
        className="availability-select"
        value={mine.data?.chosen ?? status}
        onChange={(e) => void choose(e.target.value as Availability)}
      >
        {(['online', 'busy', 'away'] as const).map((s) => (
          <option key={s} value={s}>
            {t(`availability.${s}` as MessageKey)}
          </option>
        ))}
      </select>
      {why && <span className="muted small">{t(`availability.why.${why}` as MessageKey)}</span>}
      {err && (
        <p role="alert" className="muted small">
          {err}
        </p>
      )}
    </div>
  );
}
