import { type CustomerLanguage, customerText } from '../lib/customer-texts/index.js';
import type { SurveyTable } from '../store/schema.js';
import { MAX_COMMENT, type AnswerOutcome } from './record-answer.js';
import { scaleFor } from './scales.js';

/**
 * The hosted rating page (GET/POST /s/:token): plain server-rendered HTML with one form, no
 * script, readable on a phone, in the customer's language (lib/customer-texts). Every value that
 * came from a person or the database is escaped.
 */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f6f8;color:#1d2330}
main{max-width:34rem;margin:0 auto;padding:1.5rem 1rem}h1{font-size:1.25rem;margin:.2rem 0 1rem}.brand{color:#5b6474;font-size:.9rem}
.card{background:#fff;border-radius:12px;padding:1.25rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
fieldset{border:0;padding:0;margin:0 0 1rem}legend{font-weight:600;margin-bottom:.5rem}
.scale{display:flex;flex-wrap:wrap;gap:.4rem}.scale label{flex:1 0 2.6rem;text-align:center}
.scale input{position:absolute;opacity:0;width:1px;height:1px}
.scale span{display:block;padding:.6rem .3rem;border:2px solid #d5d9e0;border-radius:10px;cursor:pointer;background:#fff}
.scale.faces span{font-size:2rem;line-height:1.2}.scale.faces small{display:block;font-size:.8rem}
.scale input:checked+span{border-color:#2f6fed;background:#eaf1ff}.scale input:focus-visible+span{outline:3px solid #9bbcff}
.ends{display:flex;justify-content:space-between;color:#5b6474;font-size:.8rem;margin-top:.3rem}
textarea{width:100%;min-height:5rem;font:inherit;padding:.5rem;border:1px solid #d5d9e0;border-radius:8px}
button{margin-top:1rem;width:100%;padding:.8rem;font:inherit;font-weight:600;color:#fff;background:#2f6fed;border:0;border-radius:10px;cursor:pointer}
.error{color:#b42318;font-weight:600}`;

function layout(lang: CustomerLanguage, title: string, brand: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><div class="brand">${escapeHtml(brand)}</div><div class="card">${body}</div></main></body></html>`;
}

export function surveyFormPage(
  s: Pick<SurveyTable, 'kind' | 'question'>,
  brand: string,
  action: string,
  o: { lang?: CustomerLanguage; preselect?: number; invalid?: boolean } = {},
): string {
  const lang = o.lang ?? 'en';
  const opts = scaleFor(s.kind, lang);
  const faces = s.kind === 'csat';
  const radios = opts
    .map((opt) => {
      const [face, ...words] = opt.label.split(' ');
      const inner = faces ? `${escapeHtml(face!)}<small>${escapeHtml(words.join(' '))}</small>` : escapeHtml(opt.label);
      return `<label><input type="radio" name="score" value="${opt.score}" required aria-label="${escapeHtml(opt.words)}"${o.preselect === opt.score ? ' checked' : ''}><span>${inner}</span></label>`;
    })
    .join('');
  const ends = faces ? '' : `<div class="ends"><span>${escapeHtml(opts[0]!.words)}</span><span>${escapeHtml(opts.at(-1)!.words)}</span></div>`;
  const error = o.invalid ? `<p class="error" role="alert">${escapeHtml(customerText('survey.page.chooseOne', lang))}</p>` : '';
  const body = `<h1>${escapeHtml(s.question)}</h1>${error}
<form method="post" action="${escapeHtml(action)}"><fieldset><legend>${escapeHtml(customerText('survey.page.answer', lang))}</legend><div class="scale${faces ? ' faces' : ''}">${radios}</div>${ends}</fieldset>
<label for="comment">${escapeHtml(customerText('survey.page.comment', lang))}</label><textarea id="comment" name="comment" maxlength="${MAX_COMMENT}"></textarea>
<button type="submit">${escapeHtml(customerText('survey.page.send', lang))}</button></form>`;
  return layout(lang, customerText('survey.page.title', lang), brand, body);
}

export function surveyMessagePage(kind: Exclude<AnswerOutcome, 'invalid_score'> | 'invalid_link', brand: string, lang: CustomerLanguage = 'en'): string {
  const title = customerText(`survey.page.${kind}.title`, lang);
  return layout(lang, title, brand, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(customerText(`survey.page.${kind}.text`, lang))}</p>`);
}
