import { useState } from 'react';
import { Link } from 'wouter';
import { errorText } from '../../api/error-text';
import { t, type MessageKey } from '../../i18n';
import { useRuleLog } from './api';
import type { Rule } from './model';

/** The firings: rule, conversation (a link), actions, outcome, error; filtered by rule. */
export function RuleLog({ rules }: { rules: Rule[] }) {
  const [ruleId, setRuleId] = useState('');
  const log = useRuleLog(ruleId);
  const names = new Map(rules.map((r) => [r.id, r.name]));
  return (
    <section className="card" aria-labelledby="rule-log-title">
      <div className="row spread">
        <h2 id="rule-log-title">{t('log.title')}</h2>
        <label>
          {t('log.filter')}{' '}
          <select value={ruleId} onChange={(e) => setRuleId(e.target.value)} data-testid="log-filter">
            <option value="">{t('log.allRules')}</option>
            {rules.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn ghost small" onClick={() => void log.refetch()}>
          {t('log.refresh')}
        </button>
      </div>
      {log.error && <p role="alert">{errorText(log.error)}</p>}
      {log.data && log.data.length === 0 && <p className="muted">{t('log.empty')}</p>}
      {log.data && log.data.length > 0 && (
        <table className="auto-log" data-testid="rule-log">
          <thead>
            <tr>
              <th scope="col">{t('log.when')}</th>
              <th scope="col">{t('log.rule')}</th>
              <th scope="col">{t('log.conversation')}</th>
              <th scope="col">{t('log.actions')}</th>
              <th scope="col">{t('log.outcome')}</th>
              <th scope="col">{t('log.error')}</th>
            </tr>
          </thead>
          <tbody>
            {log.data.map((f) => (
              <tr key={f.id}>
                <td>{new Date(f.firedAt ?? f.createdAt ?? Date.now()).toLocaleString()}</td>
                <td>{f.ruleName ?? names.get(f.ruleId) ?? f.ruleId}</td>
                <td>{f.conversationId ? <Link href={`/inbox/all/${f.conversationId}`}>{t('log.open')}</Link> : '—'}</td>
                <td>{(f.actions ?? []).map((a) => (typeof a === 'string' ? a : a.type)).join(', ')}</td>
                <td className={`outcome-${f.outcome}`}>{t(`outcome.${f.outcome}` as MessageKey)}</td>
                <td>{f.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
