import { useId } from 'react';
import { useMembers, useTeams } from '../../api/queries';
import { t } from '../../i18n';

/** A field's error, shown beside it and announced; `id` lets the input point at it (aria-describedby). */
export function FieldError({ id, msg }: { id: string; msg?: string }) {
  if (!msg) return null;
  return (
    <span id={id} className="field-error" role="alert">
      {msg}
    </span>
  );
}

/** A labelled control with its error underneath: the label wraps the control so a click focuses it. */
export function Field({
  label,
  error,
  children,
}: {
  label: string;
  error?: string;
  children: (p: { id: string; describedBy?: string; invalid: boolean }) => React.ReactNode;
}) {
  const id = useId();
  const errId = `${id}-err`;
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the children's render, inside the label
    <label className={error ? 'auto-field invalid' : 'auto-field'}>
      <span className="auto-label">{label}</span>
      {children({ id, describedBy: error ? errId : undefined, invalid: !!error })}
      <FieldError id={errId} msg={error} />
    </label>
  );
}

/** Several of a list: a multiple select (keyboard: arrows and Space / Ctrl+click). */
export function MultiSelect({
  label,
  options,
  value,
  onChange,
  error,
}: {
  label: string;
  options: Array<{ value: string; label: string }>;
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
}) {
  return (
    <Field label={label} error={error}>
      {(p) => (
        <select
          multiple
          size={Math.min(6, Math.max(3, options.length))}
          value={value}
          aria-describedby={p.describedBy}
          aria-invalid={p.invalid || undefined}
          title={t('cond.listHint')}
          onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The workspace's agents (members who can be assigned) as options. */
export function useAgentOptions() {
  const members = useMembers();
  return (members.data ?? []).filter((m) => m.role !== 'viewer').map((m) => ({ value: m.id, label: m.name || m.email }));
}
export function useTeamOptions() {
  const teams = useTeams();
  return (teams.data ?? []).map((x) => ({ value: x.id, label: x.name }));
}

/** "a, b ,c" ⇄ ['a','b','c'], for tag lists typed as text. */
export const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
