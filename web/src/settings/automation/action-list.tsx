import { t } from '../../i18n';
import { ActionRow } from './action-row';
import { type Action, type ActionType, blankAction, type FieldErrors, under } from './model';

/** The ordered actions of a rule or a macro, with add / remove / move. Errors keyed "0.url", "1"… */
export function ActionList({
  actions,
  onChange,
  types,
  errors,
}: {
  actions: Action[];
  onChange: (a: Action[]) => void;
  types: readonly ActionType[];
  errors: FieldErrors;
}) {
  const move = (i: number, d: -1 | 1) => {
    const next = [...actions];
    const [a] = next.splice(i, 1);
    next.splice(i + d, 0, a!);
    onChange(next);
  };
  return (
    <div>
      {actions.length === 0 && <p className="muted">{t('act.none')}</p>}
      <ol className="auto-rows">
        {actions.map((a, i) => (
          <ActionRow
            // Index keys: actions have no id, and a row's widgets keep no state of their own beyond the tag text.
            key={`${i}-${a.type}`}
            action={a}
            index={i}
            count={actions.length}
            types={types}
            errors={under(errors, String(i))}
            onChange={(x) => onChange(actions.map((y, j) => (j === i ? x : y)))}
            onRemove={() => onChange(actions.filter((_, j) => j !== i))}
            onMove={(d) => move(i, d)}
          />
        ))}
      </ol>
      {errors[''] && (
        <span className="field-error" role="alert">
          {errors['']}
        </span>
      )}
      <button type="button" className="btn ghost small" onClick={() => onChange([...actions, blankAction(types[0]!)])}>
        + {t('act.add')}
      </button>
    </div>
  );
}
