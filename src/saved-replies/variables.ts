/**
 * Saved-reply variables, filled in the browser before sending so the agent sees (and can edit)
 * the final text, and by the server when a rule or macro sends a saved reply (no imports: the web
 * app imports this file too): {{contact.first_name}}, {{contact.name}}, {{agent.first_name}}, {{agent.name}},
 * {{contact.email}}, {{contact.phone}}, {{contact.attributes.<key>}} and its short form
 * {{contact.<key>}} (a custom attribute, Settings → Contact attributes). A variable with no value stays visible and is reported, so the
 * agent fixes it instead of sending "Hi ,".
 */
export interface VariableContext {
  contact: { name: string | null; email?: string | null; phone?: string | null; attributes: Record<string, string | number | boolean> };
  agent: { name: string };
}

export const firstName = (name: string | null | undefined) => (name ?? '').trim().split(/\s+/)[0] ?? '';

export function fillVariables(body: string, ctx: VariableContext): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = body.replace(/\{\{\s*([a-z_][a-z0-9_.]*)\s*\}\}/gi, (whole, path: string) => {
    const value = lookup(path.toLowerCase(), ctx);
    if (value === undefined || value === '') {
      if (!missing.includes(path)) missing.push(path);
      return whole;
    }
    return value;
  });
  return { text, missing };
}

function lookup(path: string, ctx: VariableContext): string | undefined {
  switch (path) {
    case 'contact.first_name':
      return firstName(ctx.contact.name) || undefined;
    case 'contact.name':
      return ctx.contact.name ?? undefined;
    case 'contact.email':
      return ctx.contact.email ?? undefined;
    case 'contact.phone':
      return ctx.contact.phone ?? undefined;
    case 'agent.first_name':
      return firstName(ctx.agent.name) || undefined;
    case 'agent.name':
      return ctx.agent.name || undefined;
  }
  if (path.startsWith('contact.attributes.')) {
    const v = ctx.contact.attributes[path.slice('contact.attributes.'.length)];
    return v === undefined ? undefined : String(v);
  }
  if (path.startsWith('contact.')) {
    const v = ctx.contact.attributes[path.slice('contact.'.length)];
    return v === undefined ? undefined : String(v);
  }
  return undefined;
}

/** Variables still present in a text (left unfilled). */
export const unfilledVariables = (text: string) => [...text.matchAll(/\{\{\s*([a-z_][a-z0-9_.]*)\s*\}\}/gi)].map((m) => m[1]!);
