import type { App } from '../app.js';
import { businessMsBetween } from '../hours/business-time.js';
import { loadSchedules } from '../hours/load-schedules.js';
import { acceptedLanguages, type CustomerTextKey, customerText, isDefaultText, pickLanguage } from '../lib/customer-texts/index.js';
import { workspaceLanguage } from '../workspaces/workspace-language.js';
import type { SiteChannel } from './load-site-channel.js';

// The widget's own labels (channels/site/widget.js), by the name the widget reads them under.
const LABELS = {
  launcher: 'site.launcher',
  close: 'site.close',
  name: 'site.name',
  email: 'site.email',
  start: 'site.start',
  messages: 'site.messages',
  typing: 'site.typing',
  message: 'site.message',
  placeholder: 'site.placeholder',
  send: 'site.send',
  retry: 'site.retry',
} as const satisfies Record<string, CustomerTextKey>;

/**
 * What the widget needs to draw itself. `online` follows the channel's business hours (the
 * workspace's, or the channel's override; always open when none are set): outside them the
 * widget shows the away message and asks for an email so the team can answer later.
 * Its words are in the visitor's language (the browser's Accept-Language, else the workspace's
 * default, else English): the labels always, and the title, greeting and away message while they
 * are Hearken's defaults — text the team wrote is shown as written.
 */
export async function widgetConfig(app: App, ch: SiteChannel, acceptLanguage?: string) {
  const now = app.now();
  const timeline = (await loadSchedules(app.store.db, ch.row.workspace_id))(ch.row.id);
  const online = businessMsBetween(timeline, now, now + 1000) > 0;
  const s = ch.settings;
  const lang = pickLanguage(...acceptedLanguages(acceptLanguage), await workspaceLanguage(app.store.db, ch.row.workspace_id));
  const own = (key: CustomerTextKey, text: string) => (isDefaultText(key, text) ? customerText(key, lang) : text);
  const texts = Object.fromEntries(Object.entries(LABELS).map(([name, key]) => [name, customerText(key, lang)]));
  return {
    title: own('site.title', s.title),
    greeting: own('site.greeting', s.greeting),
    awayMessage: own('site.away', s.awayMessage),
    color: s.color,
    askEmail: s.askEmail,
    online,
    language: lang,
    texts,
  };
}
