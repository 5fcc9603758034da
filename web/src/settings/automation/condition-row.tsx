import { useChannels } from '../../api/queries';
import { t, type MessageKey } from '../../i18n';
import { TagOptions } from '../../components/tag-options';
import { blankCondition, type Condition, type ConditionField, CONDITION_FIELDS, FIELDS, type FieldErrors, NO_VALUE_OPS } from './model';
import { Field, MultiSelect, splitList, useAgentOptions, useTeamOptions } from './widgets';

const label = (prefix: string, v: string) => {
  const k = `${prefix}.${v}` as MessageKey;
  return t(k) === k ? v : t(k);
};

/** One condition: field → operator → a value widget that fits the field. */
export function ConditionRow({
  condition,
  onChange,
  onRemove,
  errors,
  index,
}: {
  condition: Condition;
  onChange: (c: Condition) => void;
  onRemove: () => void;
  errors: FieldErrors;
  index: number;
}) {
  const spec = FIELDS[condition.field];
  const set = (patch: Record<string, unknown>) => onChange({ ...condition, ...patch });
  return (
    <li className="auto-row auto-cond" data-testid={`condition-${index}`}>
      <div className="auto-row-head">
        <Field label={t('cond.field')} error={errors.field}>
          {(p) => (
            <select value={condition.field} aria-describedby={p.describedBy} onChange={(e) => onChange(blankCondition(e.target.value as ConditionField))}>
              {CONDITION_FIELDS.map((f) => (
                <option key={f} value={f}>
                  {t(`cond.${f}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('cond.op')} error={errors.op}>
          {(p) => (
            <select
              value={condition.op}
              aria-describedby={p.describedBy}
              onChange={(e) => {
                const op = e.target.value;
                // An operator without a value drops it; coming back gets the field's blank value.
                if (NO_VALUE_OPS.has(op)) {
                  const { value: _drop, ...rest } = condition;
                  onChange({ ...rest, op } as Condition);
                } else set({ op, value: condition.value ?? blankCondition(condition.field).value });
              }}
            >
              {spec.ops.map((o) => (
                <option key={o} value={o}>
                  {t(`op.${o}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" className="icon-btn auto-remove" aria-label={t('cond.remove')} onClick={onRemove}>
          ×
        </button>
      </div>
      {!NO_VALUE_OPS.has(condition.op) && (
        <div className="auto-row-body">
          <ValueWidget condition={condition} set={set} errors={errors} />
        </div>
      )}
      {condition.field === 'contact_attribute' && NO_VALUE_OPS.has(condition.op) && (
        <div className="auto-row-body">
          <AttributeKey condition={condition} set={set} errors={errors} />
        </div>
      )}
    </li>
  );
}

function AttributeKey({ condition, set, errors }: { condition: Condition; set: (p: Record<string, unknown>) => void; errors: FieldErrors }) {
  return (
    <Field label={t('cond.attributeKey')} error={errors.key}>
      {(p) => <input value={String(condition.key ?? '')} aria-describedby={p.describedBy} onChange={(e) => set({ key: e.target.value })} />}
    </Field>
  );
}

function ValueWidget({ condition, set, errors }: { condition: Condition; set: (p: Record<string, unknown>) => void; errors: FieldErrors }) {
  const channels = useChannels();
  const agents = useAgentOptions();
  const teams = useTeamOptions();
  const w = FIELDS[condition.field].widget;
  const err = errors.value;
  switch (w.kind) {
    case 'list': {
      const options =
        w.source === 'channels'
          ? (channels.data?.channels ?? []).map((c) => ({ value: c.id, label: c.name }))
          : w.source === 'channelTypes'
            ? (channels.data?.types ?? []).map((x) => ({ value: x, label: x }))
            : w.source === 'teams'
              ? teams
              : w.source === 'agents'
                ? agents
                : w.source.map((x) => ({ value: x, label: label(`cond.v.${condition.field}`, x) }));
      return (
        <>
          <MultiSelect label={t('cond.value')} options={options} value={(condition.value as string[]) ?? []} onChange={(v) => set({ value: v })} error={err} />
          {condition.field === 'intent' && (
            <Field label={t('cond.minConfidence')} error={errors.minConfidence}>
              {(p) => (
                <input
                  type="number"
                  min={0}
                  max={1}
                  step={0.05}
                  value={condition.minConfidence === undefined ? '' : Number(condition.minConfidence)}
                  aria-describedby={p.describedBy}
                  onChange={(e) => set({ minConfidence: e.target.value === '' ? undefined : Number(e.target.value) })}
                />
              )}
            </Field>
          )}
        </>
      );
    }
    case 'one':
      return (
        <Field label={t('cond.value')} error={err}>
          {(p) => (
            <select value={String(condition.value)} aria-describedby={p.describedBy} onChange={(e) => set({ value: e.target.value })}>
              {w.options.map((o) => (
                <option key={o} value={o}>
                  {condition.field === 'priority' ? t(`priority.${o}` as MessageKey) : label('value', o)}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'bool':
      return (
        <Field label={t('cond.value')} error={err}>
          {(p) => (
            <select value={condition.value ? 'yes' : 'no'} aria-describedby={p.describedBy} onChange={(e) => set({ value: e.target.value === 'yes' })}>
              <option value="yes">{t('value.yes')}</option>
              <option value="no">{t('value.no')}</option>
            </select>
          )}
        </Field>
      );
    case 'number':
      return (
        <>
          <Field label={t('cond.value')} error={err}>
            {(p) => (
              <input
                type="number"
                min={w.min}
                max={w.max}
                step={w.step}
                value={condition.value === undefined ? '' : Number(condition.value)}
                aria-describedby={p.describedBy}
                onChange={(e) => set({ value: e.target.value === '' ? undefined : Number(e.target.value) })}
              />
            )}
          </Field>
          {condition.field === 'message_count' && (
            <Field label={t('cond.countOf')} error={errors.of}>
              {(p) => (
                <select value={String(condition.of ?? 'customer')} aria-describedby={p.describedBy} onChange={(e) => set({ of: e.target.value })}>
                  <option value="customer">{t('cond.countOf.customer')}</option>
                  <option value="all">{t('cond.countOf.all')}</option>
                </select>
              )}
            </Field>
          )}
        </>
      );
    case 'text':
      return (
        <Field label={t('cond.value')} error={err}>
          {(p) => (
            <>
              <input
                value={String(condition.value ?? '')}
                aria-describedby={`${p.id}-hint ${p.describedBy ?? ''}`}
                onChange={(e) => set({ value: e.target.value })}
              />
              <small id={`${p.id}-hint`} className="muted">
                {t('cond.textHint')}
              </small>
            </>
          )}
        </Field>
      );
    case 'tags':
      return (
        <Field label={t('cond.value')} error={err}>
          {(p) => (
            <>
              <input
                list="auto-cond-tags"
                defaultValue={((condition.value as string[]) ?? []).join(', ')}
                aria-describedby={p.describedBy}
                onChange={(e) => set({ value: splitList(e.target.value) })}
              />
              <TagOptions id="auto-cond-tags" />
            </>
          )}
        </Field>
      );
    case 'attribute':
      return (
        <>
          <AttributeKey condition={condition} set={set} errors={errors} />
          <Field label={t('cond.value')} error={err}>
            {(p) => (
              <input
                value={condition.value === undefined ? '' : String(condition.value)}
                aria-describedby={p.describedBy}
                onChange={(e) => {
                  const v = e.target.value;
                  // gte / lte compare numbers; the other operators compare text.
                  set({ value: (condition.op === 'gte' || condition.op === 'lte') && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v });
                }}
              />
            )}
          </Field>
        </>
      );
  }
}
