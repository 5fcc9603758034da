import { en, type MessageKey } from './en';

/** Looks a string up in the catalog and fills its {placeholders}. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  const s: string = en[key] ?? key;
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export type { MessageKey };
