import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { patch } from '../api/client';
import { keys, useUserSettings } from '../api/queries';
import type { ThemeChoice, UserSettings } from '../api/types';
import { applyTheme } from '../lib/theme';
import { t, type MessageKey } from '../i18n';

/** The member's notification switches (me/settings.ts on the server), in the order shown. */
const NOTIFY_PREFS: ReadonlyArray<[keyof UserSettings['notifications'], MessageKey]> = [
  ['assignments', 'settings.notifyAssignments'],
  ['mentions', 'settings.notifyMentions'],
  ['slaBreaches', 'settings.notifySlaBreaches'],
  ['approvals', 'settings.notifyApprovals'],
  ['rules', 'settings.notifyRules'],
  ['email', 'settings.notifyEmail'],
];

export function Profile() {
  const s = useUserSettings();
  const qc = useQueryClient();
  const [perm, setPerm] = useState(typeof Notification === 'undefined' ? 'denied' : Notification.permission);
  const [saved, setSaved] = useState(false);
  // What was just changed, shown until the server answers: React state, so a switch moves in the
  // same render as the click (the query cache tells its readers a tick later, and a controlled
  // checkbox whose value has not changed by the end of the click is put back).
  const [shown, setShown] = useState<UserSettings | null>(null);
  if (s.isPending) return <p>{t('app.loading')}</p>;
  if (!s.data) return <p className="muted">{t('settings.unavailable')}</p>;
  const data = shown ?? s.data;
  const update = async (next: Partial<UserSettings>) => {
    const optimistic = { ...data, ...next };
    setShown(optimistic);
    qc.setQueryData(keys.settings, optimistic);
    // A read already on its way would answer with the settings from before this change.
    void qc.cancelQueries({ queryKey: keys.settings });
    try {
      qc.setQueryData(keys.settings, await patch<UserSettings>('/me/settings', next));
      setSaved(true);
    } catch {
      void qc.invalidateQueries({ queryKey: keys.settings });
    } finally {
      setShown(null);
    }
  };
  return (
    <section className="card">
      <h2>{t('settings.profile')}</h2>
      <fieldset className="notif-prefs">
        <legend>{t('settings.notificationsHeading')}</legend>
        <p className="muted">{t('settings.notificationsIntro')}</p>
        {NOTIFY_PREFS.map(([key, label]) => (
          <label className="check" key={key}>
            <input
              type="checkbox"
              checked={data.notifications[key]}
              onChange={(e) => void update({ notifications: { ...data.notifications, [key]: e.target.checked } })}
            />{' '}
            {t(label)}
          </label>
        ))}
      </fieldset>
      {perm === 'default' && (
        <button className="btn" onClick={() => void Notification.requestPermission().then(setPerm)}>
          {t('settings.allowNotifications')}
        </button>
      )}
      {perm === 'denied' && <p className="muted">{t('settings.notificationsBlocked')}</p>}
      <label className="check">
        <input type="checkbox" checked={data.signature.enabled} onChange={(e) => void update({ signature: { enabled: e.target.checked } })} />{' '}
        {t('settings.signature')}
      </label>
      <label className="field-inline">
        {t('settings.theme')}{' '}
        <select
          value={data.appearance.theme}
          onChange={(e) => {
            const theme = e.target.value as ThemeChoice;
            applyTheme(theme);
            void update({ appearance: { theme } });
          }}
        >
          <option value="system">{t('settings.themeSystem')}</option>
          <option value="light">{t('settings.themeLight')}</option>
          <option value="dark">{t('settings.themeDark')}</option>
        </select>
      </label>
      {saved && <p role="status">{t('settings.saved')}</p>}
    </section>
  );
}
