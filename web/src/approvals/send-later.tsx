import { useState } from 'react';
import { t } from '../i18n';
import { dateTime } from '../lib/time';
import { useSendLaterTimes } from './api';
import './approvals.css';

/** What "send later" adds to the reply request: a preset resolved by the server, or an instant. */
export type SendLater = { sendLater: 'tomorrow_morning' | 'next_monday' } | { sendAt: string };

/**
 * The composer's "Send later" menu: tomorrow 9:00 and Monday 9:00 in the workspace's business
 * time zone (the server resolves them, so every agent schedules by the same clock), or a date and
 * time picked here (in the agent's own zone, sent as an instant).
 */
export function SendLaterButton({ disabled, onPick }: { disabled: boolean; onPick: (when: SendLater) => void }) {
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState('');
  const times = useSendLaterTimes(open);
  const pick = (w: SendLater) => {
    setOpen(false);
    onPick(w);
  };
  return (
    <div className="send-later">
      <button type="button" className="btn ghost" disabled={disabled} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t('composer.sendLater')}
      </button>
      {open && (
        <div className="send-later-menu" role="menu" aria-label={t('composer.sendLater')}>
          <button type="button" role="menuitem" className="btn ghost small" onClick={() => pick({ sendLater: 'tomorrow_morning' })}>
            {t('composer.sendLaterTomorrow', { time: times.data ? dateTime(times.data.tomorrowMorning) : '…' })}
          </button>
          <button type="button" role="menuitem" className="btn ghost small" onClick={() => pick({ sendLater: 'next_monday' })}>
            {t('composer.sendLaterMonday', { time: times.data ? dateTime(times.data.nextMonday) : '…' })}
          </button>
          <label>
            {t('composer.sendLaterCustom')}
            <input type="datetime-local" aria-label={t('composer.sendLaterCustom')} value={custom} onChange={(e) => setCustom(e.target.value)} />
          </label>
          <div className="row">
            <button
              type="button"
              className="btn primary small"
              disabled={!custom || Number.isNaN(Date.parse(custom))}
              onClick={() => pick({ sendAt: new Date(custom).toISOString() })}
            >
              {t('composer.sendLaterAt')}
            </button>
          </div>
          {times.data && <small>{t('composer.sendLaterZone', { zone: times.data.timeZone })}</small>}
        </div>
      )}
    </div>
  );
}
