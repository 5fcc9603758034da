import type { AttributeDef } from '../api/types';
import { t } from '../i18n';

type Value = string | number | boolean;

/**
 * The input for one defined contact attribute, by its type: a number field, a date picker, a
 * yes/no select, a select of its options, or text. `onChange` gets the value to send (null clears).
 */
export function AttributeField({
  def,
  value,
  onChange,
  id,
}: {
  def: AttributeDef;
  value: Value | undefined;
  onChange: (v: Value | null) => void;
  id?: string;
}) {
  const label = def.label;
  switch (def.type) {
    case 'boolean':
      return (
        <select
          id={id}
          aria-label={label}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value === 'true')}
        >
          <option value="">—</option>
          <option value="true">{t('attr.yes')}</option>
          <option value="false">{t('attr.no')}</option>
        </select>
      );
    case 'select':
      return (
        <select
          id={id}
          aria-label={label}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">—</option>
          {def.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'number':
      return (
        <input
          id={id}
          aria-label={label}
          type="number"
          step="any"
          defaultValue={value === undefined ? '' : String(value)}
          onBlur={(e) => {
            const s = e.target.value.trim();
            if (s === '' ? value !== undefined : Number(s) !== value) onChange(s === '' ? null : Number(s));
          }}
        />
      );
    case 'date':
      return (
        <input
          id={id}
          aria-label={label}
          type="date"
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
        />
      );
    default:
      return (
        <input
          id={id}
          aria-label={label}
          defaultValue={value === undefined ? '' : String(value)}
          maxLength={500}
          onBlur={(e) => {
            const s = e.target.value;
            if (s !== (value === undefined ? '' : String(value))) onChange(s === '' ? null : s);
          }}
        />
      );
  }
}

/** A stored value shown as text for its type. */
export function attributeText(def: AttributeDef | undefined, v: Value): string {
  if (def?.type === 'boolean' || typeof v === 'boolean') return v === true || v === 'true' ? t('attr.yes') : t('attr.no');
  return String(v);
}
