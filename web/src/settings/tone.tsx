import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, get, patch, post } from '../api/client';
import { errorText } from '../api/error-text';
import { t, type MessageKey } from '../i18n';
import { TONE_KINDS, TONE_LANGUAGES, type ToneRule } from '../lib/tone-rules';
import { useDialogs } from '../components/dialog';

type Draft = { id: string | null; builtIn: boolean; language: string; kind: ToneRule['kind']; phrase: string; reason: string };
const EMPTY: Draft = { id: null, builtIn: false, language: 'en', kind: 'dismissive', phrase: '', reason: '' };

/**
 * Tone rules: the phrases the composer underlines (with the reason) in a reply. Built-in lists for
 * several languages, plus the workspace's own; any phrase can be switched off. Hints never block.
 * Everyone may read the list; admins and owners change it.
 */
export function ToneRulesSettings({ admin }: { admin: boolean }) {
  const [language, setLanguage] = useState('en');
  const qc = useQueryClient();
  const dialogs = useDialogs();
  const rules = useQuery({ queryKey: ['tone-rules'], queryFn: () => get<{ rules: ToneRule[] }>('/tone-rules').then((r) => r.rules) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['tone-rules'] });
  const run = (p: Promise<unknown>) =>
    p.then(
      () => {
        setMsg(null);
        refresh();
      },
      (e: unknown) => setMsg(errorText(e)),
    );

  const all = rules.data ?? [];
  const languages = [...new Set([...TONE_LANGUAGES, ...all.map((r) => r.language)])].sort();
  const own = all.filter((r) => !r.builtIn);
  const builtIn = all.filter((r) => r.builtIn && r.language === language);

  const toggle = (r: ToneRule) =>
    run(
      r.id
        ? patch(`/tone-rules/${r.id}`, { enabled: !r.enabled })
        : post('/tone-rules', { language: r.language, kind: r.kind, phrase: r.phrase, enabled: false }),
    );

  async function save(d: Draft) {
    const reason = d.reason.trim() || null;
    if (d.id) await run(patch(`/tone-rules/${d.id}`, d.builtIn ? { reason } : { language: d.language, kind: d.kind, phrase: d.phrase, reason }));
    else await run(post('/tone-rules', { language: d.language, kind: d.kind, phrase: d.phrase, reason }));
  }

  const row = (r: ToneRule) => (
    <tr key={`${r.language}|${r.kind}|${r.phrase}`} className={r.enabled ? '' : 'off'} data-testid="tone-rule">
      <td>
        <span className="tone-phrase">{r.phrase}</span>
      </td>
      <td>{r.language}</td>
      <td>{t(`tone.kind.${r.kind}` as MessageKey)}</td>
      <td className="muted">{r.reason ?? ''}</td>
      <td>
        {admin ? (
          <label className="check">
            <input type="checkbox" checked={r.enabled} onChange={() => void toggle(r)} aria-label={t('tone.enabledFor', { phrase: r.phrase })} />{' '}
            {r.enabled ? t('tone.on') : t('tone.off')}
          </label>
        ) : r.enabled ? (
          t('tone.on')
        ) : (
          t('tone.off')
        )}
      </td>
      {admin && (
        <td className="row">
          <button
            className="btn ghost small"
            onClick={() => setDraft({ id: r.id, builtIn: r.builtIn, language: r.language, kind: r.kind, phrase: r.phrase, reason: r.reason ?? '' })}
            aria-label={t('tone.editRule', { phrase: r.phrase })}
          >
            {t('settings.edit')}
          </button>
          {r.id && (
            <button
              className="btn ghost small"
              onClick={async () =>
                (await dialogs.confirm({
                  title: r.builtIn ? t('tone.reset') : t('settings.removeTitle'),
                  body: t(r.builtIn ? 'tone.confirmReset' : 'settings.confirmRemove', { name: r.phrase }),
                  danger: !r.builtIn,
                })) && void run(del(`/tone-rules/${r.id}`))
              }
              aria-label={t(r.builtIn ? 'tone.resetRule' : 'tone.deleteRule', { phrase: r.phrase })}
            >
              {r.builtIn ? t('tone.reset') : t('settings.delete')}
            </button>
          )}
        </td>
      )}
    </tr>
  );

  const head = (
    <thead>
      <tr>
        <th scope="col">{t('tone.phrase')}</th>
        <th scope="col">{t('tone.language')}</th>
        <th scope="col">{t('tone.kind')}</th>
        <th scope="col">{t('tone.reason')}</th>
        <th scope="col">{t('tone.status')}</th>
        {admin && <th scope="col">{t('tone.actions')}</th>}
      </tr>
    </thead>
  );

  return (
    <section className="card tone-settings">
      <h2>{t('settings.toneRules')}</h2>
      <p className="muted">{t('tone.help')}</p>
      {!admin && <p className="muted">{t('settings.adminOnly')}</p>}
      {admin && !draft && (
        <button className="btn primary" onClick={() => setDraft({ ...EMPTY, language })}>
          {t('tone.add')}
        </button>
      )}
      {draft && (
        <form
          className="col-form tone-form"
          aria-label={draft.id ? t('tone.editRule', { phrase: draft.phrase }) : t('tone.add')}
          onSubmit={async (e) => {
            e.preventDefault();
            await save(draft);
            setDraft(null);
          }}
        >
          <div className="row">
            <label>
              {t('tone.language')}
              <input
                required
                list="tone-langs"
                pattern="[a-z]{2,3}"
                disabled={draft.builtIn}
                value={draft.language}
                onChange={(e) => setDraft({ ...draft, language: e.target.value.trim().toLowerCase() })}
              />
              <datalist id="tone-langs">
                {languages.map((l) => (
                  <option key={l} value={l} />
                ))}
              </datalist>
            </label>
            <label>
              {t('tone.kind')}
              <select disabled={draft.builtIn} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Draft['kind'] })}>
                {TONE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`tone.kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label>
            {t('tone.phraseLabel')}
            <input
              required
              maxLength={80}
              disabled={draft.builtIn}
              value={draft.phrase}
              onChange={(e) => setDraft({ ...draft, phrase: e.target.value })}
              aria-describedby="tone-phrase-help"
            />
          </label>
          <p id="tone-phrase-help" className="muted small">
            {t('tone.phraseHelp')}
          </p>
          <label>
            {t('tone.reasonLabel')}
            <input
              maxLength={200}
              value={draft.reason}
              onChange={(e) => setDraft({ ...draft, reason: e.target.value })}
              placeholder={t('tone.reasonPlaceholder')}
            />
          </label>
          <div className="row">
            <button className="btn primary">{t('settings.save')}</button>
            <button type="button" className="btn ghost" onClick={() => setDraft(null)}>
              {t('settings.cancel')}
            </button>
          </div>
        </form>
      )}
      {msg && (
        <p className="form-error" role="alert">
          {msg}
        </p>
      )}
      <h3>{t('tone.own')}</h3>
      {own.length ? (
        <div className="table-scroll">
          <table className="tone-table" aria-label={t('tone.own')}>
            {head}
            <tbody>{own.map(row)}</tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('tone.noneOwn')}</p>
      )}
      <h3>
        <label className="field-inline">
          <span>{t('tone.builtIn')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value)} aria-label={t('tone.builtInLanguage')}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      </h3>
      {builtIn.length ? (
        <div className="table-scroll">
          <table className="tone-table" aria-label={t('tone.builtIn')}>
            {head}
            <tbody>{builtIn.map(row)}</tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('tone.noneBuiltIn')}</p>
      )}
    </section>
  );
}
