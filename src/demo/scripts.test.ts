import { describe, expect, it } from 'vitest';
import { parseApiDelivery } from '../channels/api/parse.js';
import { testDialect } from '../test/store.js';
import { DEMO_CATEGORIES, DEMO_FIRST_LOOK, DEMO_FOLLOW_UPS, DEMO_LANGUAGES, DEMO_SCRIPTS, type DemoLanguage } from './scripts.js';
import { deleteEvent, editEvent, messageEvent, messageId, newDemoThread, statusEvent, turnText } from './demo-events.js';
import { DemoRun } from './demo-run.js';

const parse = (ev: unknown) => parseApiDelivery(JSON.stringify(ev), Date.now());

/** Every event a script instance produces, in order, as the traffic generator would post them. */
function eventsOf(scriptIndex: number) {
  const s = DEMO_SCRIPTS[scriptIndex];
  const thread = newDemoThread('ch-1', s, 'rtest', scriptIndex);
  const out: unknown[] = [];
  s.turns.forEach((t, i) => {
    const { text, edit, remove } = turnText(t);
    const id = messageId(thread.kind, thread.idBase, i);
    out.push(messageEvent(thread, id, text, Date.now()));
    thread.messageIds.push(id);
    if (edit) out.push(editEvent(id, edit, Date.now()));
    if (remove) out.push(deleteEvent(id, Date.now()));
  });
  return out;
}

describe(`demo scripts (${testDialect})`, () => {
  it('has 30+ scripts with unique keys and 1–4 customer turns each', () => {
    expect(DEMO_SCRIPTS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(DEMO_SCRIPTS.map((s) => s.key)).size).toBe(DEMO_SCRIPTS.length);
    for (const s of DEMO_SCRIPTS) {
      expect(s.turns.length, s.key).toBeGreaterThanOrEqual(1);
      expect(s.turns.length, s.key).toBeLessThanOrEqual(4);
      for (const t of s.turns) expect(turnText(t).text.trim().length, s.key).toBeGreaterThan(0);
    }
  });

  it('covers every language, category and conversation kind', () => {
    expect(new Set(DEMO_SCRIPTS.map((s) => s.language))).toEqual(new Set(DEMO_LANGUAGES));
    expect(new Set(DEMO_SCRIPTS.map((s) => s.category))).toEqual(new Set(DEMO_CATEGORIES));
    expect(new Set(DEMO_SCRIPTS.map((s) => s.kind))).toEqual(new Set(['dm', 'comment', 'mention', 'email', 'chat']));
    for (const l of DEMO_LANGUAGES) expect(DEMO_FOLLOW_UPS[l].length, l).toBeGreaterThan(0);
    // Comments live under a post; emails have a subject; the edit and delete paths are exercised.
    for (const s of DEMO_SCRIPTS.filter((x) => x.kind === 'comment')) expect(s.itemId, s.key).toMatch(/^post-/);
    for (const s of DEMO_SCRIPTS.filter((x) => x.kind === 'email')) expect(s.subject, s.key).toBeTruthy();
    expect(DEMO_SCRIPTS.some((s) => s.turns.some((t) => turnText(t).edit))).toBe(true);
    expect(DEMO_SCRIPTS.some((s) => s.turns.some((t) => turnText(t).remove))).toBe(true);
  });

  it('customers who must move to private post an order number and contact details in public', () => {
    const priv = DEMO_SCRIPTS.filter((s) => s.category === 'private');
    expect(priv.length).toBeGreaterThanOrEqual(2);
    for (const s of priv) {
      expect(s.kind, s.key).toBe('comment');
      expect(turnText(s.turns[0]).text, s.key).toMatch(/DS-\d{5}/);
      expect(turnText(s.turns[0]).text, s.key).toMatch(/@example\.com|\d{3}[ -]?\d{2,4}/);
    }
  });

  it('every event of every script parses with the API channel contract', () => {
    for (let i = 0; i < DEMO_SCRIPTS.length; i++) {
      const s = DEMO_SCRIPTS[i];
      const parsed = eventsOf(i).flatMap(parse);
      const messages = parsed.filter((e) => e.type === 'message');
      expect(messages.length, s.key).toBe(s.turns.length);
      for (const m of messages) {
        expect(m.kind, s.key).toBe(s.kind);
        expect(m.direction).toBe('in');
        if (s.kind === 'comment') expect(m.publicItemId).toBe(s.itemId);
        // All turns of a mention stay in one public thread: the item is the first post.
        if (s.kind === 'mention') expect(m.publicItemId).toBe(messages[0].externalId);
      }
      if (s.kind === 'email') {
        expect(messages[0].subject).toBe(s.subject);
        if (messages[1]) {
          expect(messages[1].subject).toBe(`Re: ${s.subject}`);
          expect(messages[1].references).toEqual([messages[0].externalId]);
        }
      }
    }
    expect(parse(statusEvent('demo-out-1', 'delivered', Date.now()))[0]).toMatchObject({ type: 'status', status: 'delivered' });
  });

  it('gives message ids unique per run, so a restarted demo is not dropped as duplicates', () => {
    const a = newDemoThread('ch', DEMO_SCRIPTS[0], 'run-a', 0);
    const b = newDemoThread('ch', DEMO_SCRIPTS[0], 'run-b', 0);
    expect(messageId(a.kind, a.idBase, 0)).not.toBe(messageId(b.kind, b.idBase, 0));
    expect(a.customerId).not.toBe(b.customerId);
  });

  it('the player shows every language in its first burst and sends edits and deletes after their message', async () => {
    const posted: Array<{ type: string; id: string; text?: string }> = [];
    const run = new DemoRun({ channelId: 'ch', runId: 'r1', now: () => Date.now(), post: async (e) => (posted.push(e as (typeof posted)[0]), true) });
    await run.burst(12);
    const langOf = (text: string): DemoLanguage | undefined => DEMO_SCRIPTS.find((s) => s.turns.some((t) => turnText(t).text === text))?.language;
    expect(new Set(posted.map((e) => langOf(e.text!)))).toEqual(new Set(DEMO_LANGUAGES));
    // Spam for the Spam folder and a comment its customer deletes come first.
    const keyOf = (text: string) => DEMO_SCRIPTS.find((s) => s.turns.some((t) => turnText(t).text === text))?.key;
    expect(
      posted
        .slice(0, 2)
        .map((e) => keyOf(e.text!))
        .sort(),
    ).toEqual([...DEMO_FIRST_LOOK].sort());
    for (let i = 0; i < 400; i++) await run.step();
    const seen = new Set<string>();
    for (const e of posted) {
      if (e.type === 'message') {
        expect(seen.has(e.id)).toBe(false);
        seen.add(e.id);
      } else expect(seen.has(e.id), `${e.type} before its message`).toBe(true);
    }
    expect(posted.some((e) => e.type === 'edit')).toBe(true);
    expect(posted.some((e) => e.type === 'delete')).toBe(true);
    // Every script was played, follow-up turns included.
    const texts = new Set(posted.map((e) => e.text));
    for (const s of DEMO_SCRIPTS) for (const t of s.turns) expect(texts.has(turnText(t).text), s.key).toBe(true);
  });

  it('retries a refused delivery on a later step instead of skipping the turn', async () => {
    let accept = false;
    const refused: string[] = [];
    const posted: string[] = [];
    const post = async (e: unknown) => {
      const id = (e as { id: string }).id;
      (accept ? posted : refused).push(id);
      return accept;
    };
    // random 0.1: a due conversation is always continued rather than a new one started.
    const run = new DemoRun({ channelId: 'ch', runId: 'r2', now: () => Date.now(), post, random: () => 0.1 });
    await run.burst(1);
    expect(run.inProgress).toBe(1);
    accept = true;
    await run.step();
    expect(posted).toEqual(refused);
  });
});
