import type { TemplateComponent } from '../contract/templates.js';

/**
 * WhatsApp template variables: positional `{{1}}`, `{{2}}`… or, with parameter_format NAMED,
 * `{{first_name}}`. Meta counts distinct variables of the BODY; a send must supply exactly that
 * many body parameters (else error 132000), in order of first appearance.
 */
const VAR = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export function bodyVariables(components: TemplateComponent[]): string[] {
  const body = components.find((c) => c.type?.toUpperCase() === 'BODY')?.text ?? '';
  const seen: string[] = [];
  for (const m of body.matchAll(VAR)) if (!seen.includes(m[1]!)) seen.push(m[1]!);
  // Positional variables are filled by number, whatever order they appear in.
  return seen.every((v) => /^\d+$/.test(v)) ? seen.sort((a, b) => Number(a) - Number(b)) : seen;
}

/** The body as the customer will read it, for the inbox's record of what was sent. */
export function renderBody(components: TemplateComponent[], params: string[]): string {
  const names = bodyVariables(components);
  const body = components.find((c) => c.type?.toUpperCase() === 'BODY')?.text ?? '';
  return body.replace(VAR, (whole, name: string) => {
    const i = names.indexOf(name);
    return i >= 0 && params[i] !== undefined ? params[i]! : whole;
  });
}

/**
 * Parts of a template Hearken cannot fill yet: a media or location header, variables in a text
 * header, variables in URL buttons. Such a template would be refused by Meta (132000/132012), so
 * it is listed as not sendable and refused before queueing, with this reason.
 */
export function unsupportedParts(components: TemplateComponent[]): string | null {
  for (const c of components) {
    const type = c.type?.toUpperCase();
    if (type === 'HEADER' && c.format && c.format.toUpperCase() !== 'TEXT') return `its header is ${c.format.toLowerCase()}, which needs a media parameter`;
    if (type === 'HEADER' && c.text && /\{\{\s*[A-Za-z0-9_]+\s*\}\}/.test(c.text)) return 'its header has a variable';
    if (type === 'BUTTONS' && JSON.stringify(c.buttons ?? []).match(/\{\{\s*[A-Za-z0-9_]+\s*\}\}/)) return 'a button has a variable';
  }
  return null;
}
