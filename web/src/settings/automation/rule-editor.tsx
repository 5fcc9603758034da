import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { ApiError, patch, post } from '../../api/client';
import { errorText } from '../../api/error-text';
import { t } from '../../i18n';
import { ActionList } from './action-list';
import { ruleKeys, type DryRunResult } from './api';
import { ConditionRow } from './condition-row';
import { ACTION_TYPES, blankCondition, type Condition, errorsOf, type FieldErrors, type Rule, type RuleInput, under } from './model';
import { TriggerPicker } from './trigger-picker';
import { Field } from './widgets';

/** Depth cap shown in the opt-in's label (rules/model.ts MAX_RULE_DEPTH). */
const MAX_DEPTH = 3;

/** The rule editor: name, WHEN, IF (all / any groups), THEN, options; Save and Dry run. */
export function RuleEditor({ rule, initial, onClose }: { rule?: Rule; initial: RuleInput; onClose: () => void }) {
  const [draft, setDraft] = useState<RuleInput>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [msg, setMsg] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dry, setDry] = useState<DryRunResult | 'busy' | null>(null);
  const qc = useQueryClient();
  const set = (p: Partial<RuleInput>) => setDraft((d) => ({ ...d, ...p }));

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.fields?.length) {
      setErrors(errorsOf(e.fields));
      setMsg(t('auto.fixErrors'));
    } else setMsg(errorText(e));
  };
  const save = async () => {
    setBusy(true);
    setErrors({});
    setMsg(null);
    try {
      if (rule) await patch(`/rules/${rule.id}`, draft);
      else await post('/rules', draft);
      await qc.invalidateQueries({ queryKey: ruleKeys.rules });
      setMsg(t('auto.saved'));
      onClose();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const dryRun = async () => {
    setDry('busy');
    setErrors({});
    try {
      setDry(await post<DryRunResult>('/rules/dry-run', { rule: draft }));
    } catch (e) {
      setDry(null);
      if (e instanceof ApiError && e.fields?.length) {
        // The dry run checks the rule as a save would; its fields are under "rule.".
        setErrors(errorsOf(e.fields.map((f) => ({ ...f, field: f.field.replace(/^rule\./, '') }))));
        setMsg(t('auto.fixErrors'));
      } else setMsg(errorText(e));
    }
  };
  const group = (g: 'all' | 'any') => {
    const list = draft.conditions[g];
    const setList = (next: Condition[]) => set({ conditions: { ...draft.conditions, [g]: next } });
    const errs = under(errors, `conditions.${g}`);
    return (
      <fieldset className="auto-group" data-testid={`group-${g}`}>
        <legend>{t(g === 'all' ? 'cond.all' : 'cond.any')}</legend>
        <p className="muted">{t(g === 'all' ? 'cond.allHelp' : 'cond.anyHelp')}</p>
        <ul className="auto-rows">
          {list.map((c, i) => (
            <ConditionRow
              key={`${g}-${i}-${c.field}`}
              index={i}
              condition={c}
              errors={under(errs, String(i))}
              onChange={(x) => setList(list.map((y, j) => (j === i ? x : y)))}
              onRemove={() => setList(list.filter((_, j) => j !== i))}
            />
          ))}
        </ul>
        <button type="button" className="btn ghost small" onClick={() => setList([...list, blankCondition('kind')])}>
          + {t('cond.add')}
        </button>
      </fieldset>
    );
  };

  return (
    <form
      className="card auto-editor"
      aria-labelledby="rule-editor-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="rule-editor-title">{rule ? t('auto.editor') : t('auto.editorNew')}</h2>
      <Field label={t('auto.name')} error={errors.name}>
        {(p) => (
          <input
            value={draft.name}
            required
            maxLength={120}
            aria-describedby={p.describedBy}
            aria-invalid={p.invalid || undefined}
            onChange={(e) => set({ name: e.target.value })}
            autoFocus
          />
        )}
      </Field>

      <section className="auto-section">
        <h3>{t('auto.when')}</h3>
        <TriggerPicker trigger={draft.trigger} onChange={(trigger) => set({ trigger })} errors={under(errors, 'trigger')} />
      </section>

      <section className="auto-section">
        <h3>{t('auto.if')}</h3>
        {draft.conditions.all.length === 0 && draft.conditions.any.length === 0 && <p className="muted">{t('cond.none')}</p>}
        {group('all')}
        {group('any')}
      </section>

      <section className="auto-section">
        <h3>{t('auto.then')}</h3>
        <ActionList actions={draft.actions} onChange={(actions) => set({ actions })} types={ACTION_TYPES} errors={under(errors, 'actions')} />
      </section>

      <section className="auto-section">
        <h3>{t('auto.options')}</h3>
        <label className="check">
          <input type="checkbox" checked={draft.stopProcessing} onChange={(e) => set({ stopProcessing: e.target.checked })} /> {t('auto.stopProcessing')}
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.triggersOtherRules} onChange={(e) => set({ triggersOtherRules: e.target.checked })} />{' '}
          {t('auto.triggersOthers', { depth: MAX_DEPTH })}
        </label>
        <p className="muted">{t('auto.triggersOthersHelp')}</p>
      </section>

      <div className="row">
        <button className="btn primary" disabled={busy}>
          {t('auto.save')}
        </button>
        <button type="button" className="btn" onClick={() => void dryRun()} disabled={dry === 'busy'} title={t('auto.dryRunHelp')}>
          {t('auto.dryRun')}
        </button>
        <button type="button" className="btn ghost" onClick={onClose}>
          {t('auto.close')}
        </button>
      </div>
      {msg && <p role="status">{msg}</p>}
      <DryRunView dry={dry} />
    </form>
  );
}

function DryRunView({ dry }: { dry: DryRunResult | 'busy' | null }) {
  if (dry === null) return null;
  if (dry === 'busy') return <p role="status">{t('auto.dryRunBusy')}</p>;
  const hits = dry.results.filter((r) => r.matched);
  return (
    <div className="auto-dry" role="status" data-testid="dry-run">
      <p>{hits.length ? t('auto.dryRunSome', { n: hits.length, total: dry.looked }) : t('auto.dryRunNone', { n: dry.looked })}</p>
      {hits.length > 0 && (
        <ul>
          {hits.map((m) => (
            <li key={m.conversationId}>
              <Link href={`/inbox/all/${m.conversationId}`}>{m.subject || m.preview || m.conversationId}</Link>
              <span className="muted"> · {new Date(m.at).toLocaleString()}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
