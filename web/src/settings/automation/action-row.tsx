import { useSavedReplies } from '../../api/queries';
import { t, type MessageKey } from '../../i18n';
import { TagOptions } from '../../components/tag-options';
import { type Action, type ActionType, blankAction, type FieldErrors, PRIORITIES, STATUSES } from './model';
import { Field, MultiSelect, splitList, useAgentOptions, useTeamOptions } from './widgets';

/**
 * One action of a rule or a macro: its type, then the fields that type takes. `types` limits the
 * choice (macros offer only what an agent does by hand). Errors are keyed relative to the action.
 */
export function ActionRow({
  action,
  onChange,
  onRemove,
  onMove,
  index,
  count,
  types,
  errors,
}: {
  action: Action;
  onChange: (a: Action) => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
  index: number;
  count: number;
  types: readonly ActionType[];
  errors: FieldErrors;
}) {
  const set = (patch: Record<string, unknown>) => onChange({ ...action, ...patch });
  return (
    <li className="auto-row" data-testid={`action-${index}`}>
      <div className="auto-row-head">
        <Field label={t('act.type')} error={errors.type}>
          {(p) => (
            <select value={action.type} aria-describedby={p.describedBy} onChange={(e) => onChange(blankAction(e.target.value as ActionType))}>
              {types.map((x) => (
                <option key={x} value={x}>
                  {t(`act.${x}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="auto-row-tools">
          <button type="button" className="icon-btn" aria-label={t('act.moveUp')} disabled={index === 0} onClick={() => onMove(-1)}>
            ↑
          </button>
          <button type="button" className="icon-btn" aria-label={t('act.moveDown')} disabled={index === count - 1} onClick={() => onMove(1)}>
            ↓
          </button>
          <button type="button" className="icon-btn" aria-label={t('act.remove')} onClick={onRemove}>
            ×
          </button>
        </div>
      </div>
      <div className="auto-row-body">
        <ActionFields action={action} set={set} errors={errors} />
      </div>
      {errors[''] && (
        <span className="field-error" role="alert">
          {errors['']}
        </span>
      )}
    </li>
  );
}

function ActionFields({ action, set, errors }: { action: Action; set: (p: Record<string, unknown>) => void; errors: FieldErrors }) {
  const agents = useAgentOptions();
  const teams = useTeamOptions();
  const replies = useSavedReplies('', action.type === 'send_saved_reply');
  const str = (k: string) => (typeof action[k] === 'string' ? (action[k] as string) : '');
  /** undefined = leave as it is; null = clear; else the id. */
  const pick = (v: string) => (v === '' ? undefined : v === '-' ? null : v);
  const shown = (v: unknown) => (v === undefined ? '' : v === null ? '-' : String(v));
  switch (action.type) {
    case 'assign':
      return (
        <>
          <Field label={t('act.team')} error={errors.teamId}>
            {(p) => (
              <select value={shown(action.teamId)} aria-describedby={p.describedBy} onChange={(e) => set({ teamId: pick(e.target.value) })}>
                <option value="">{t('act.keep')}</option>
                <option value="-">{t('act.unassign')}</option>
                {teams.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('act.agent')} error={errors.assigneeId}>
            {(p) => (
              <select value={shown(action.assigneeId)} aria-describedby={p.describedBy} onChange={(e) => set({ assigneeId: pick(e.target.value) })}>
                <option value="">{t('act.keep')}</option>
                <option value="-">{t('act.unassign')}</option>
                {agents.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      );
    case 'add_tags':
    case 'remove_tags':
      return (
        <Field label={t('act.tags')} error={errors.tags}>
          {(p) => (
            <>
              <input
                list="auto-tag-options"
                defaultValue={((action.tags as string[]) ?? []).join(', ')}
                aria-describedby={p.describedBy}
                onChange={(e) => set({ tags: splitList(e.target.value) })}
              />
              <TagOptions id="auto-tag-options" />
            </>
          )}
        </Field>
      );
    case 'set_priority':
      return (
        <Field label={t('act.set_priority')} error={errors.priority}>
          {(p) => (
            <select value={str('priority')} aria-describedby={p.describedBy} onChange={(e) => set({ priority: e.target.value })}>
              {PRIORITIES.map((x) => (
                <option key={x} value={x}>
                  {t(`priority.${x}` as MessageKey)}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'set_status':
      return (
        <>
          <Field label={t('act.set_status')} error={errors.status}>
            {(p) => (
              <select
                value={str('status')}
                aria-describedby={p.describedBy}
                onChange={(e) => set({ status: e.target.value, snoozeMinutes: e.target.value === 'snoozed' ? 60 : undefined })}
              >
                {STATUSES.map((x) => (
                  <option key={x} value={x}>
                    {t(`status.${x}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {action.status === 'snoozed' && (
            <Field label={t('act.snoozeMinutes')} error={errors.snoozeMinutes}>
              {(p) => (
                <input
                  type="number"
                  min={1}
                  value={Number(action.snoozeMinutes ?? '')}
                  aria-describedby={p.describedBy}
                  onChange={(e) => set({ snoozeMinutes: e.target.value === '' ? undefined : Number(e.target.value) })}
                />
              )}
            </Field>
          )}
        </>
      );
    case 'add_note':
      return (
        <Field label={t('act.noteText')} error={errors.text}>
          {(p) => <textarea rows={2} value={str('text')} aria-describedby={p.describedBy} onChange={(e) => set({ text: e.target.value })} />}
        </Field>
      );
    case 'send_saved_reply':
      return (
        <Field label={t('act.savedReply')} error={errors.savedReplyId}>
          {(p) => (
            <select value={str('savedReplyId')} aria-describedby={p.describedBy} onChange={(e) => set({ savedReplyId: e.target.value })}>
              <option value="">{t('act.pickSavedReply')}</option>
              {(replies.data ?? []).map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'move_to_private':
      return (
        <>
          <Field label={t('act.text')} error={errors.text}>
            {(p) => <textarea rows={2} value={str('text')} aria-describedby={p.describedBy} onChange={(e) => set({ text: e.target.value })} />}
          </Field>
          <Field label={t('act.publicNote')} error={errors.publicNote}>
            {(p) => <input value={str('publicNote')} aria-describedby={p.describedBy} onChange={(e) => set({ publicNote: e.target.value || undefined })} />}
          </Field>
        </>
      );
    case 'moderate':
      return (
        <Field label={t('act.moderateAction')} error={errors.action}>
          {(p) => (
            <select value={str('action')} aria-describedby={p.describedBy} onChange={(e) => set({ action: e.target.value })}>
              <option value="hide">{t('act.hide')}</option>
              <option value="delete">{t('act.delete')}</option>
            </select>
          )}
        </Field>
      );
    case 'notify':
      return (
        <>
          <fieldset className="auto-inline">
            <legend>{t('act.notifyWho')}</legend>
            <label className="check">
              <input type="checkbox" checked={!!action.assignee} onChange={(e) => set({ assignee: e.target.checked })} /> {t('act.notifyAssignee')}
            </label>
            <label className="check">
              <input type="checkbox" checked={!!action.team} onChange={(e) => set({ team: e.target.checked })} /> {t('act.notifyTeam')}
            </label>
          </fieldset>
          <MultiSelect
            label={t('act.notifyPeople')}
            options={agents}
            value={(action.userIds as string[]) ?? []}
            onChange={(v) => set({ userIds: v })}
            error={errors.userIds}
          />
          <Field label={t('act.notifyText')} error={errors.text}>
            {(p) => <input value={str('text')} aria-describedby={p.describedBy} onChange={(e) => set({ text: e.target.value })} />}
          </Field>
          <label className="check">
            <input type="checkbox" checked={!!action.email} onChange={(e) => set({ email: e.target.checked })} /> {t('act.notifyEmail')}
          </label>
        </>
      );
    case 'webhook':
      return (
        <Field label={t('act.url')} error={errors.url}>
          {(p) => (
            <input type="url" value={str('url')} aria-describedby={p.describedBy} placeholder="https://" onChange={(e) => set({ url: e.target.value })} />
          )}
        </Field>
      );
    case 'send_survey':
      return <p className="muted">{t('act.surveyHelp')}</p>;
    case 'stop_processing':
      return <p className="muted">{t('act.stopHelp')}</p>;
  }
}
