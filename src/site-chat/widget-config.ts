import type { App } from '../app.js';
import { businessMsBetween } from '../hours/business-time.js';
import { loadSchedules } from '../hours/load-schedules.js';
import type { SiteChannel } from './load-site-channel.js';

/**
 * What the widget needs to draw itself. `online` follows the channel's business hours (the
 * workspace's, or the channel's override; always open when none are set): outside them the
 * widget shows the away message and asks for an email so the team can answer later.
 */
export async function widgetConfig(app: App, ch: SiteChannel) {
  const now = app.now();
  const timeline = (await loadSchedules(app.store.db, ch.row.workspace_id))(ch.row.id);
  const online = businessMsBetween(timeline, now, now + 1000) > 0;
  const s = ch.settings;
  return { title: s.title, greeting: s.greeting, awayMessage: s.awayMessage, color: s.color, askEmail: s.askEmail, online };
}
