import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { FieldError } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import type { ContactAttributeType, DB } from '../store/schema.js';
import { ATTRIBUTE_LIMITS, type AttributesPatch } from './attributes.js';

/**
 * Custom attribute definitions: what a workspace's contact attributes mean (label, type, the
 * options of a select). Contacts may still carry keys with no definition (older data, the API);
 * a defined key must hold a value of its type. This module is the one place the rest of the
 * product reads them: the contact editor, saved-reply variables ({{contact.<key>}}), the CSV
 * import, reports, and the rules engine when it comes.
 */
export const ATTRIBUTE_TYPES = ['text', 'number', 'date', 'boolean', 'select'] as const satisfies readonly ContactAttributeType[];
export const ATTRIBUTE_DEF_LIMITS = { maxDefs: 50, maxOptions: 50, maxOptionLength: 100, maxLabel: 80, maxDescription: 300 } as const;

/** Keys the saved-reply variables already use for the contact itself; a definition cannot shadow them. */
const RESERVED_KEYS = new Set(['name', 'first_name', 'email', 'phone', 'attributes', 'id']);

export interface AttributeDef {
  id: string;
  key: string;
  label: string;
  type: ContactAttributeType;
  options: string[];
  description: string;
  createdAt: number;
  updatedAt: number;
}

export const attributeDefSchema = z
  .strictObject({
    key: z
      .string()
      .regex(ATTRIBUTE_LIMITS.keyPattern, 'lowercase letters, digits and _, starting with a letter, at most 40 characters')
      .refine((k) => !RESERVED_KEYS.has(k), 'is a reserved name (name, first_name, email, phone, attributes, id)'),
    label: z.string().trim().min(1).max(ATTRIBUTE_DEF_LIMITS.maxLabel),
    type: z.enum(ATTRIBUTE_TYPES),
    options: z.array(z.string().trim().min(1).max(ATTRIBUTE_DEF_LIMITS.maxOptionLength)).max(ATTRIBUTE_DEF_LIMITS.maxOptions).default([]),
    description: z.string().trim().max(ATTRIBUTE_DEF_LIMITS.maxDescription).default(''),
  })
  .superRefine((d, ctx) => {
    if (d.type === 'select' && d.options.length === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select needs at least one option' });
    if (d.type !== 'select' && d.options.length > 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'only a select has options' });
    if (new Set(d.options).size !== d.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must be different from each other' });
  });
export type AttributeDefInput = z.output<typeof attributeDefSchema>;

/** The workspace's attribute definitions, in key order. */
export async function listAttributeDefs(db: Kysely<DB>, workspaceId: string): Promise<AttributeDef[]> {
  const rows = await db.selectFrom('contact_attribute_defs').selectAll().where('workspace_id', '=', workspaceId).orderBy('key').execute();
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    label: r.label,
    type: r.type,
    options: parseJson<string[]>(r.options, []),
    description: r.description,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks a value against its definition. Returns the value to store (a number typed as text in
 * a CSV becomes a number, "yes"/"true" a boolean) or a reason it cannot be stored.
 */
export function coerceAttribute(
  def: Pick<AttributeDef, 'type' | 'options'>,
  value: string | number | boolean,
): { ok: true; value: string | number | boolean } | { ok: false; reason: string } {
  switch (def.type) {
    case 'text':
      return typeof value === 'string' ? { ok: true, value } : { ok: true, value: String(value) };
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: 'must be a number' };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      const s = String(value).trim().toLowerCase();
      if (['true', 'yes', '1'].includes(s)) return { ok: true, value: true };
      if (['false', 'no', '0'].includes(s)) return { ok: true, value: false };
      return { ok: false, reason: 'must be true or false' };
    }
    case 'date': {
      const s = String(value).trim();
      if (!DATE.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`)) || new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) !== s) {
        return { ok: false, reason: 'must be a date as YYYY-MM-DD' };
      }
      return { ok: true, value: s };
    }
    case 'select': {
      const s = String(value);
      return def.options.includes(s) ? { ok: true, value: s } : { ok: false, reason: `must be one of: ${def.options.join(', ')}` };
    }
  }
}

/** Applies the definitions to a patch: coerced values, or one field error per bad key (`attributes.<key>`). */
export function checkAttributesPatch(defs: AttributeDef[], patch: AttributesPatch): { patch: AttributesPatch; errors: FieldError[] } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const out: AttributesPatch = {};
  const errors: FieldError[] = [];
  for (const [k, v] of Object.entries(patch)) {
    const def = byKey.get(k);
    if (!def || v === null) {
      out[k] = v;
      continue;
    }
    const r = coerceAttribute(def, v);
    if (r.ok) out[k] = r.value;
    else errors.push({ field: `attributes.${k}`, reason: `${def.label}: ${r.reason}` });
  }
  return { patch: out, errors };
}
