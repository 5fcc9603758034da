import { DEMO_FIRST_LOOK, DEMO_LANGUAGES, DEMO_SCRIPTS, type DemoScript } from './scripts.js';
import { deleteEvent, editEvent, messageEvent, messageId, newDemoThread, turnText, type DemoThread } from './demo-events.js';
import { rememberThread } from './registry.js';

/** How many conversations may wait for their next customer turn before new ones hold back. */
const MAX_ACTIVE = 10;
const MAX_UPDATE_ATTEMPTS = 5;

interface Active {
  script: DemoScript;
  thread: DemoThread;
  next: number;
  dueTick: number;
}

interface ScheduledUpdate {
  dueTick: number;
  attempts: number;
  build: (at: number) => unknown;
}

export interface DemoRunDeps {
  channelId: string;
  runId: string;
  now(): number;
  /** Delivers one event; false means "not accepted, try again on a later tick". */
  post(event: unknown): Promise<boolean>;
  random?: () => number;
}

/**
 * The demo's script player, one step per tick: start a new scripted conversation or continue one
 * in progress (its next turn is due a few ticks after the last), and send any due edit or delete.
 * Knows nothing about timers or HTTP, so it is easy to drive from tests.
 */
export class DemoRun {
  tick = 0;
  started = 0;
  private active: Active[] = [];
  private updates: ScheduledUpdate[] = [];
  private deck: DemoScript[] = [];
  private dealt = false;
  private readonly rnd: () => number;

  constructor(private readonly deps: DemoRunDeps) {
    this.rnd = deps.random ?? Math.random;
  }

  get inProgress() {
    return this.active.length;
  }

  /** The first look: several conversations at once, backdated a little so the queue has an age. */
  async burst(count: number) {
    for (let i = 0; i < count; i++) await this.startNext(60_000 + Math.floor(this.rnd() * 30 * 60_000));
  }

  async step() {
    this.tick++;
    await this.flushUpdates();
    const due = this.active.filter((a) => a.dueTick <= this.tick);
    if (due.length && (this.rnd() < 0.55 || this.active.length >= MAX_ACTIVE)) await this.advance(due[Math.floor(this.rnd() * due.length)]);
    else if (this.active.length < MAX_ACTIVE * 2) await this.startNext(0);
  }

  private async startNext(backdateMs: number) {
    const script = this.draw();
    const a: Active = { script, thread: newDemoThread(this.deps.channelId, script, this.deps.runId, this.started++), next: 0, dueTick: this.tick };
    this.active.push(a);
    rememberThread(a.thread);
    await this.advance(a, backdateMs);
  }

  private async advance(a: Active, backdateMs = 0) {
    const turn = turnText(a.script.turns[a.next]);
    const id = messageId(a.thread.kind, a.thread.idBase, a.next);
    const ok = await this.deps.post(messageEvent(a.thread, id, turn.text, this.deps.now() - backdateMs));
    if (!ok) {
      a.dueTick = this.tick + 1;
      return;
    }
    a.thread.messageIds.push(id);
    if (turn.edit) {
      const text = turn.edit;
      this.updates.push({ dueTick: this.tick + 1 + this.int(2), attempts: 0, build: (at) => editEvent(id, text, at) });
    }
    if (turn.remove) this.updates.push({ dueTick: this.tick + 2 + this.int(4), attempts: 0, build: (at) => deleteEvent(id, at) });
    a.next++;
    if (a.next >= a.script.turns.length) this.active.splice(this.active.indexOf(a), 1);
    else a.dueTick = this.tick + 2 + this.int(4);
  }

  private async flushUpdates() {
    const due = this.updates.filter((u) => u.dueTick <= this.tick);
    for (const u of due) {
      const ok = await this.deps.post(u.build(this.deps.now()));
      u.attempts++;
      if (ok || u.attempts >= MAX_UPDATE_ATTEMPTS) this.updates.splice(this.updates.indexOf(u), 1);
      else u.dueTick = this.tick + 1;
    }
  }

  /**
   * Deals scripts round-robin across languages (each language's scripts shuffled), so the first
   * dozen already shows every language (and, first of all, DEMO_FIRST_LOOK); a new shuffled deck
   * when all have been played.
   */
  private draw(): DemoScript {
    if (this.deck.length === 0) {
      const byLang = DEMO_LANGUAGES.map((l) => this.shuffle(DEMO_SCRIPTS.filter((s) => s.language === l)));
      const langs = this.shuffle(byLang);
      for (let i = 0; langs.some((l) => l.length > i); i++) for (const l of langs) if (l[i]) this.deck.push(l[i]);
      // The very first deck opens with the first-look scripts (spam, a comment the customer deletes).
      if (!this.dealt) this.deck.sort((a, b) => Number(DEMO_FIRST_LOOK.includes(b.key)) - Number(DEMO_FIRST_LOOK.includes(a.key)));
      this.dealt = true;
    }
    return this.deck.shift()!;
  }

  private shuffle<T>(xs: T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  private int(n: number) {
    return Math.floor(this.rnd() * n);
  }
}
