import { addBusinessMs, businessMsBetween } from '../hours/business-time.js';
import { WEEKDAYS, type Block, type ScheduleVersion, type WeeklyHours } from '../hours/schedule.js';
import { type CustomerLanguage, customerText } from '../lib/customer-texts/index.js';

/**
 * Pure helpers that turn a schedule into words for the away message, in the customer's language
 * (day names from Intl, the rest from lib/customer-texts; tested in render.test.ts).
 */

// English as it always read ("Mon", "Monday 3 March"): British order, no commas.
const locale = (lang: CustomerLanguage) => (lang === 'en' ? 'en-GB' : lang);
// 2024-01-01 was a Monday: the short name of each weekday in a language.
const dayName = (day: (typeof WEEKDAYS)[number], lang: CustomerLanguage) =>
  new Intl.DateTimeFormat(locale(lang), { weekday: 'short', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day)));
const blocks = (bs: Block[]) => bs.map((b) => `${b.start}–${b.end}`).join(', ');

/**
 * "Mon–Fri 09:00–17:00; Sat 10:00–14:00 (Europe/Berlin)": consecutive days with the same blocks
 * are joined; closed days are left out.
 */
export function renderHours(h: WeeklyHours, lang: CustomerLanguage = 'en'): string {
  const parts: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    const cur = blocks(h.days[WEEKDAYS[i]] ?? []);
    let j = i;
    while (j + 1 < WEEKDAYS.length && blocks(h.days[WEEKDAYS[j + 1]] ?? []) === cur) j++;
    if (cur) parts.push(`${dayName(WEEKDAYS[i]!, lang)}${j > i ? `–${dayName(WEEKDAYS[j]!, lang)}` : ''} ${cur}`);
    i = j + 1;
  }
  return `${parts.length ? parts.join('; ') : customerText('autoReply.closed', lang)} (${h.timeZone})`;
}

/** The version of a timeline in force at t (the first one also covers the time before it). */
export function versionAt(versions: readonly ScheduleVersion[], t: number): ScheduleVersion | undefined {
  const sorted = [...versions].sort((a, b) => a.effectiveFrom - b.effectiveFrom);
  let hit = sorted[0];
  for (const v of sorted) if (v.effectiveFrom <= t) hit = v;
  return hit;
}

export const isOpenAt = (versions: readonly ScheduleVersion[], t: number) => businessMsBetween(versions, t, t + 1) === 1;

/** The first open instant at or after t; null when the schedule does not open within five years. */
export function nextOpening(versions: readonly ScheduleVersion[], t: number): number | null {
  const r = addBusinessMs(versions, t, 1);
  return r === null ? null : r - 1;
}

/**
 * "Monday 09:00" ("el lunes a las 09:00") in the schedule's zone, with the date when it is more
 * than six days away.
 */
export function renderWhen(ms: number, timeZone: string, now: number, lang: CustomerLanguage = 'en'): string {
  const far = ms - now > 6 * 86_400_000;
  const day = new Intl.DateTimeFormat(locale(lang), { timeZone, weekday: 'long', ...(far ? { day: 'numeric', month: 'long' } : {}) }).format(ms);
  const time = new Intl.DateTimeFormat(locale(lang), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  return customerText('autoReply.nextOpen', lang, { day, time });
}

export function fillTemplate(text: string, vars: { hours: string; nextOpen: string; links: Array<{ label: string; url: string }> }): string {
  const links = vars.links.map((l) => `${l.label}: ${l.url}`).join('\n');
  let out = text.replaceAll('{{hours}}', vars.hours).replaceAll('{{next_open}}', vars.nextOpen);
  if (out.includes('{{links}}')) out = out.replaceAll('{{links}}', links);
  else if (links) out = `${out}\n\n${links}`;
  return out.trim();
}
