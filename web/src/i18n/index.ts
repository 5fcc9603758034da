import { en, type MessageKey } from './en';

/** Looks a string up in the catalog and fills its {placeholders}. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return fill(en[key] ?? key, vars);
}

/**
 * Fills {placeholders}. Shared by this catalog and the catalogs of the screens loaded on demand
 * (listening/strings.ts, reports/strings.ts): same shape, kept beside their screen so their
 * strings stay out of the inbox's initial bundle.
 */
export function fill(s: string, vars?: Record<string, string | number>): string {
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export type { MessageKey };
