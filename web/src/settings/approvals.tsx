import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { put } from '../api/client';
import { errorText } from '../api/error-text';
import { useChannels, useMembers, useRoles, useTeams } from '../api/queries';
import { type ApprovalPolicy, heldKeys, useApprovalPolicy } from '../approvals/api';
import '../approvals/approvals.css';
import { t } from '../i18n';

type Rule = ApprovalPolicy['rules'][number];
const BUILT_IN = ['agent', 'admin', 'owner', 'viewer'];
const newRule = (): Rule => ({ name: t('policy.newRule'), userIds: [], roles: [], teamIds: [], newMembersDays: null, channelIds: [], visibility: 'public' });
const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));

/** Settings → Approvals: the rules that hold replies for an approver, and the two switches. */
export function ApprovalSettings({ admin }: { admin: boolean }) {
  const policy = useApprovalPolicy();
  const members = useMembers();
  const teams = useTeams();
  const channels = useChannels();
  const roles = useRoles();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<ApprovalPolicy | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    if (policy.data && !draft) setDraft(policy.data);
  }, [policy.data, draft]);
  if (!draft) return null;

  const setRule = (i: number, r: Partial<Rule>) => setDraft({ ...draft, rules: draft.rules.map((x, j) => (j === i ? { ...x, ...r } : x)) });
  const roleOptions = [
    ...BUILT_IN.map((r) => ({ id: r, name: t(`role.${r}` as 'role.agent') })),
    ...(roles.data?.roles ?? []).map((r) => ({ id: r.id, name: r.name })),
  ];

  async function save() {
    setStatus(null);
    try {
      const saved = await put<ApprovalPolicy>('/approvals/policy', draft);
      setDraft(saved);
      setStatus(t('policy.saved'));
      void qc.invalidateQueries({ queryKey: heldKeys.policy });
    } catch (e) {
      setStatus(errorText(e));
    }
  }

  const checks = (legend: string, options: Array<{ id: string; name: string }>, value: string[], onChange: (v: string[]) => void) => (
    <fieldset disabled={!admin}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.id}>
          <input type="checkbox" checked={value.includes(o.id)} onChange={(e) => onChange(toggle(value, o.id, e.target.checked))} /> {o.name}
        </label>
      ))}
    </fieldset>
  );

  return (
    <section aria-labelledby="approvals-settings-title">
      <h2 id="approvals-settings-title">{t('policy.title')}</h2>
      <p>{t('policy.intro')}</p>
      {!admin && <p role="note">{t('policy.readOnly')}</p>}
      {draft.rules.length === 0 && <p>{t('policy.none')}</p>}
      {draft.rules.map((r, i) => (
        <div key={i} className="policy-rule" data-testid="policy-rule">
          <label>
            {t('policy.ruleName')} <input value={r.name} disabled={!admin} onChange={(e) => setRule(i, { name: e.target.value })} />
          </label>
          {checks(t('policy.roles'), roleOptions, r.roles, (roles) => setRule(i, { roles }))}
          {checks(
            t('policy.members'),
            (members.data ?? []).map((m) => ({ id: m.id, name: m.name })),
            r.userIds,
            (userIds) => setRule(i, { userIds }),
          )}
          {checks(
            t('policy.teams'),
            (teams.data ?? []).map((x) => ({ id: x.id, name: x.name })),
            r.teamIds,
            (teamIds) => setRule(i, { teamIds }),
          )}
          <label>
            {t('policy.newMembers')}{' '}
            <input
              type="number"
              min={1}
              disabled={!admin}
              value={r.newMembersDays ?? ''}
              onChange={(e) => setRule(i, { newMembersDays: e.target.value ? Number(e.target.value) : null })}
            />
          </label>
          {checks(
            t('policy.channels'),
            (channels.data?.channels ?? []).map((c) => ({ id: c.id, name: c.name })),
            r.channelIds,
            (channelIds) => setRule(i, { channelIds }),
          )}
          <label>
            {t('policy.visibility')}{' '}
            <select value={r.visibility} disabled={!admin} onChange={(e) => setRule(i, { visibility: e.target.value as Rule['visibility'] })}>
              <option value="any">{t('policy.any')}</option>
              <option value="public">{t('policy.public')}</option>
              <option value="private">{t('policy.private')}</option>
            </select>
          </label>
          {admin && (
            <button className="btn ghost small" onClick={() => setDraft({ ...draft, rules: draft.rules.filter((_, j) => j !== i) })}>
              {t('policy.removeRule')}
            </button>
          )}
        </div>
      ))}
      {admin && (
        <button className="btn small" onClick={() => setDraft({ ...draft, rules: [...draft.rules, newRule()] })}>
          {t('policy.addRule')}
        </button>
      )}
      <p>
        <label>
          <input
            type="checkbox"
            disabled={!admin}
            checked={draft.allowSelfApproval}
            onChange={(e) => setDraft({ ...draft, allowSelfApproval: e.target.checked })}
          />{' '}
          {t('policy.selfApproval')}
        </label>
      </p>
      <p>
        <label>
          <input
            type="checkbox"
            disabled={!admin}
            checked={draft.automationReplies}
            onChange={(e) => setDraft({ ...draft, automationReplies: e.target.checked })}
          />{' '}
          {t('policy.automation')}
        </label>
      </p>
      {admin && (
        <button className="btn primary" onClick={() => void save()}>
          {t('policy.save')}
        </button>
      )}
      {status && <p role="status">{status}</p>}
    </section>
  );
}
