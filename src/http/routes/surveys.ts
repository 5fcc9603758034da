import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { requirePermission } from '../../auth/roles.js';
import { loadConversation } from '../../conversations/load-conversation.js';
import { surveyFormPage, surveyMessagePage } from '../../surveys/hosted-page.js';
import { conversationSurveys, listAnswers } from '../../surveys/list-surveys.js';
import { recordAnswer } from '../../surveys/record-answer.js';
import { loadSurveySettings, saveSurveySettings, surveySettingsSchema } from '../../surveys/settings.js';
import { setWow } from '../../surveys/set-wow.js';
import { surveyLanguage } from '../../surveys/survey-language.js';
import { verifySurveyToken } from '../../surveys/token.js';
import { cleanText } from '../../lib/clean-text.js';
import { requireAuth } from '../auth-middleware.js';
import type { HonoEnv } from '../context.js';
import { describe } from '../openapi.js';
import { parseBody, parseQuery } from '../validate.js';

const listQuery = z.object({
  from: z.iso
    .datetime({ offset: true })
    .transform((s) => Date.parse(s))
    .optional()
    .describe('answered at or after (ISO time)'),
  to: z.iso
    .datetime({ offset: true })
    .transform((s) => Date.parse(s))
    .optional()
    .describe('answered before (ISO time)'),
  kind: z.enum(['csat', 'nps', 'ces']).optional(),
  channel: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().max(64).optional().describe('cursor: nextCursor of the previous page'),
});
const wowBody = z.object({ wow: z.boolean() });

const T = 'surveys';
describe({ method: 'get', path: '/api/v1/survey-settings', tag: T, summary: 'The workspace survey settings (kind, delay, channels, question, link lifetime)' });
describe({ method: 'put', path: '/api/v1/survey-settings', tag: T, summary: 'Replace the survey settings (admin)', body: surveySettingsSchema });
describe({ method: 'get', path: '/api/v1/surveys', tag: T, summary: 'Answered surveys, newest first', query: listQuery });
describe({
  method: 'get',
  path: '/api/v1/conversations/{id}/surveys',
  tag: T,
  summary: 'Every survey of a conversation (also the field `surveys` of GET /conversations/{id})',
});
describe({
  method: 'post',
  path: '/api/v1/surveys/{id}/wow',
  tag: T,
  summary: 'Give (or take back) a "wow" on an answered CSAT survey (agent)',
  body: wowBody,
});
describe({ method: 'get', path: '/s/{token}', tag: T, auth: 'none', summary: 'The hosted rating page (HTML, no login): the signed link sent to the customer' });
describe({ method: 'post', path: '/s/{token}', tag: T, auth: 'none', summary: 'Answer from the hosted page (form: score, comment); one answer per survey' });

export function mountSurveys(http: Hono<HonoEnv>) {
  http.use('/api/v1/survey-settings', requireAuth);
  http.use('/api/v1/surveys', requireAuth);
  http.use('/api/v1/surveys/*', requireAuth);
  // /api/v1/conversations/* is authenticated by the conversations routes.

  http.get('/api/v1/survey-settings', async (c) => c.json(await loadSurveySettings(c.get('app').store.db, c.get('principal').workspaceId)));
  http.put('/api/v1/survey-settings', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'settings.manage');
    const settings = await parseBody(c, surveySettingsSchema);
    return c.json(await saveSurveySettings(c.get('app'), { workspaceId: p.workspaceId, actorUserId: p.userId, settings }));
  });

  http.get('/api/v1/surveys', async (c) => {
    requirePermission(c.get('principal'), 'reports.view');
    const q = parseQuery(c, listQuery);
    return c.json(
      await listAnswers(c.get('app'), {
        workspaceId: c.get('principal').workspaceId,
        from: q.from,
        to: q.to,
        kind: q.kind,
        channelId: q.channel,
        limit: q.limit,
        before: q.before,
      }),
    );
  });

  http.get('/api/v1/conversations/:id/surveys', async (c) => {
    requirePermission(c.get('principal'), 'conversations.view');
    const { workspaceId } = c.get('principal');
    const conv = await loadConversation(c.get('app').store.db, workspaceId, c.req.param('id'), { merged: 'allow' });
    return c.json({ surveys: await conversationSurveys(c.get('app').store.db, workspaceId, conv.id) });
  });

  http.post('/api/v1/surveys/:id/wow', async (c) => {
    const p = c.get('principal');
    requirePermission(p, 'conversations.triage');
    const { wow } = await parseBody(c, wowBody);
    return c.json(await setWow(c.get('app'), { workspaceId: p.workspaceId, surveyId: c.req.param('id'), actorUserId: p.userId, wow }));
  });

  http.get('/s/:token', async (c) => {
    const found = await findSurvey(c);
    const { lang } = found;
    if (!found.survey) return page(c, surveyMessagePage('invalid_link', 'Hearken', lang), 404);
    const { survey, brand } = found;
    if (survey.status === 'answered') return page(c, surveyMessagePage('already_answered', brand, lang), 409);
    if (survey.status !== 'sent') return page(c, surveyMessagePage('not_open', brand, lang), 410);
    if (survey.expires_at !== null && c.get('app').now() > survey.expires_at) return page(c, surveyMessagePage('expired', brand, lang), 410);
    const pre = Number(c.req.query('score'));
    return page(
      c,
      surveyFormPage(survey, brand, c.req.path, { lang, preselect: c.req.query('score') !== undefined && Number.isInteger(pre) ? pre : undefined }),
      200,
    );
  });

  http.post('/s/:token', async (c) => {
    const found = await findSurvey(c);
    const { lang } = found;
    if (!found.survey) return page(c, surveyMessagePage('invalid_link', 'Hearken', lang), 404);
    const { survey, brand } = found;
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const rawScore = typeof form.score === 'string' ? form.score.trim() : '';
    const score = /^\d{1,2}$/.test(rawScore) ? Number(rawScore) : NaN;
    // A form body does not pass through parseBody: its text is cleaned here (lib/clean-text.ts).
    const comment = typeof form.comment === 'string' ? cleanText(form.comment) : null;
    const outcome = await recordAnswer(c.get('app').store.db, survey, { score, comment, via: 'page', now: c.get('app').now() });
    if (outcome === 'invalid_score') return page(c, surveyFormPage(survey, brand, c.req.path, { lang, invalid: true }), 400);
    if (outcome === 'answered') c.get('app').bus.poke(survey.workspace_id);
    const status = outcome === 'answered' ? 200 : outcome === 'already_answered' ? 409 : 410;
    return page(c, surveyMessagePage(outcome, brand, lang), status);
  });
}

async function findSurvey(c: Context<HonoEnv>) {
  const app = c.get('app');
  const id = verifySurveyToken(app.config.secretKey, c.req.param('token') ?? '');
  const survey = id ? await app.store.db.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  const ws = survey ? await app.store.db.selectFrom('workspaces').select('name').where('id', '=', survey.workspace_id).executeTakeFirst() : undefined;
  // The customer's language: the conversation's, else the browser's for a link we cannot read.
  const lang = await surveyLanguage(app.store.db, survey, c.req.header('accept-language'));
  return { survey, brand: ws?.name ?? 'Hearken', lang };
}

/** No script, no outside resources, no caching, and no Referer carrying the token elsewhere. */
function page(c: Context<HonoEnv>, html: string, status: 200 | 400 | 404 | 409 | 410) {
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(html, status);
}
