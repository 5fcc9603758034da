import { useState } from 'react';
import { t, type MessageKey } from '../../i18n';
import { AUTHOR_KINDS, blankTrigger, type FieldErrors, type Trigger, type TriggerType, TRIGGERS_EVENT, TRIGGERS_TIME, UPDATED_FIELDS } from './model';
import { Field } from './widgets';

/** WHEN: an event, or a time-based trigger with its amount (minutes or hours) and calendar or business time. */
export function TriggerPicker({ trigger, onChange, errors }: { trigger: Trigger; onChange: (t: Trigger) => void; errors: FieldErrors }) {
  const set = (patch: Record<string, unknown>) => onChange({ ...trigger, ...patch });
  const timed = (TRIGGERS_TIME as readonly string[]).includes(trigger.type);
  const checkList = (key: 'fields' | 'authorKinds', all: readonly string[], prefix: string, legend: MessageKey) => {
    const chosen = new Set((trigger[key] as string[] | undefined) ?? []);
    return (
      <fieldset className="auto-inline">
        <legend>{t(legend)}</legend>
        {all.map((x) => (
          <label key={x} className="check">
            <input type="checkbox" checked={chosen.has(x)} onChange={(e) => set({ [key]: all.filter((y) => (y === x ? e.target.checked : chosen.has(y))) })} />{' '}
            {t(`${prefix}.${x}` as MessageKey)}
          </label>
        ))}
        {errors[key] && (
          <span className="field-error" role="alert">
            {errors[key]}
          </span>
        )}
      </fieldset>
    );
  };
  return (
    <div className="auto-trigger">
      <Field label={t('auto.when')} error={errors.type ?? errors['']}>
        {(p) => (
          <select
            value={trigger.type}
            aria-describedby={p.describedBy}
            onChange={(e) => onChange(blankTrigger(e.target.value as TriggerType))}
            data-testid="trigger"
          >
            <optgroup label={t('trigger.groupEvents')}>
              {TRIGGERS_EVENT.map((x) => (
                <option key={x} value={x}>
                  {t(`trigger.${x}` as MessageKey)}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('trigger.groupTime')}>
              {TRIGGERS_TIME.map((x) => (
                <option key={x} value={x}>
                  {t(`trigger.${x}` as MessageKey)}
                </option>
              ))}
            </optgroup>
          </select>
        )}
      </Field>
      {trigger.type === 'message_received' && (
        <Field label={t('trigger.message_received')} error={errors.which}>
          {(p) => (
            <select value={String(trigger.which ?? 'any')} aria-describedby={p.describedBy} onChange={(e) => set({ which: e.target.value })}>
              {(['any', 'new_conversation', 'customer_reply'] as const).map((x) => (
                <option key={x} value={x}>
                  {t(`trigger.message_received.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {trigger.type === 'conversation_updated' && checkList('fields', UPDATED_FIELDS, 'field', 'trigger.fields')}
      {trigger.type === 'reply_sent' && checkList('authorKinds', AUTHOR_KINDS, 'author', 'trigger.authorKinds')}
      {timed && (
        <div className="auto-inline">
          {trigger.type === 'pending_for' ? (
            <Field label={t('trigger.hours')} error={errors.hours}>
              {(p) => (
                <input
                  type="number"
                  min={1}
                  max={720}
                  value={trigger.hours === undefined ? '' : Number(trigger.hours)}
                  aria-describedby={p.describedBy}
                  onChange={(e) => set({ hours: e.target.value === '' ? undefined : Number(e.target.value) })}
                />
              )}
            </Field>
          ) : (
            <MinutesOrHours minutes={trigger.minutes as number | undefined} onChange={(m) => set({ minutes: m })} error={errors.minutes} />
          )}
          <Field label={t('trigger.time')} error={errors.time}>
            {(p) => (
              <select value={String(trigger.time ?? 'calendar')} aria-describedby={`${p.id}-bh`} onChange={(e) => set({ time: e.target.value })}>
                <option value="calendar">{t('trigger.time.calendar')}</option>
                <option value="business">{t('trigger.time.business')}</option>
              </select>
            )}
          </Field>
          {trigger.time === 'business' && <p className="muted">{t('trigger.businessHelp')}</p>}
        </div>
      )}
    </div>
  );
}

/** Minutes as the model keeps them, typed in minutes or hours (the unit is the editor's, not stored). */
function MinutesOrHours({ minutes, onChange, error }: { minutes: number | undefined; onChange: (m: number | undefined) => void; error?: string }) {
  const [inHours, setInHours] = useState(minutes !== undefined && minutes >= 60 && minutes % 60 === 0);
  return (
    <>
      <Field label={inHours ? t('trigger.hours') : t('trigger.minutes')} error={error}>
        {(p) => (
          <input
            type="number"
            min={1}
            value={minutes === undefined ? '' : inHours ? minutes / 60 : minutes}
            aria-describedby={p.describedBy}
            data-testid="trigger-amount"
            onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value) * (inHours ? 60 : 1))}
          />
        )}
      </Field>
      <Field label={t('trigger.unit')}>
        {() => (
          <select
            value={inHours ? 'h' : 'm'}
            onChange={(e) => {
              const h = e.target.value === 'h';
              setInHours(h);
              if (h && minutes !== undefined) onChange(Math.max(1, Math.round(minutes / 60)) * 60);
            }}
          >
            <option value="m">{t('trigger.minutes')}</option>
            <option value="h">{t('trigger.hours')}</option>
          </select>
        )}
      </Field>
    </>
  );
}
