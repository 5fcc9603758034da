import type Database from 'better-sqlite3';
import { newId } from '../../src/lib/ids.js';
import { indexTerms } from '../../src/search/tokenize.js';
import type { Store } from '../../src/store/db.js';
import { loadCorpus, messageText, pick, rng, skewed } from './corpus.js';
import { note } from './stats.js';

export interface DatasetSize {
  workspaces: number;
  conversations: number;
  messages: number;
}

export interface Dataset {
  bigWorkspaceId: string;
  /** Agents of the big workspace ("assignee=me" is one of them). */
  agentIds: string[];
  tags: string[];
  conversationIds: string[];
  bigShare: number;
  loadSec: number;
}

const TAGS = [
  'billing',
  'shipping',
  'refund',
  'bug',
  'vip',
  'complaint',
  'praise',
  'order',
  'returns',
  'account',
  'login',
  'delivery',
  'promo',
  'urgent',
  'spam',
  'feature',
  'store',
  'app',
  'payment',
  'size',
];
const KINDS = [
  ['dm', 'private', 0.6],
  ['comment', 'public', 0.2],
  ['mention', 'public', 0.05],
  ['review', 'public', 0.03],
  ['email', 'private', 0.07],
  ['chat', 'private', 0.05],
] as const;
const DAY = 86_400_000;

/**
 * Fills an empty, migrated SQLite store with a realistic inbox, fast: rows go straight into the
 * real schema through prepared statements, 5,000 per transaction, and every message is indexed
 * with the product's own tokenizer (indexTerms), as intake would index it. Half the
 * conversations belong to one big workspace, the rest are spread thinly and unevenly over the
 * others; conversations are mostly resolved with a live queue of open/pending/snoozed ones,
 * 70 % assigned, 0–3 tags each, about `messages / conversations` messages each over 90 days.
 */
export function loadDataset(store: Store, size: DatasetSize, seed = 42): Dataset {
  const db = store.sqlite!;
  const started = performance.now();
  const r = rng(seed);
  const corpus = loadCorpus();
  const now = Date.now();
  const bigShare = 0.5;

  const ins = statements(db);
  const workspaces: Array<{ id: string; agents: string[]; channels: string[]; share: number }> = [];
  for (let w = 0; w < size.workspaces; w++) {
    // Workspace 0 is the big one; the others get 1/(w+1)-shaped slices of the remaining half.
    const share = w === 0 ? bigShare : ((1 - bigShare) * (1 / w)) / harmonic(size.workspaces - 1);
    workspaces.push({ id: newId(now - 400 * DAY + w), agents: [], channels: [], share });
  }
  db.transaction(() => {
    for (const [w, ws] of workspaces.entries()) {
      ins.workspace.run(ws.id, `Workspace ${w}`, now - 400 * DAY);
      const agents = w === 0 ? 40 : 3 + Math.floor(r() * 8);
      for (let a = 0; a < agents; a++) {
        const id = newId(now - 399 * DAY);
        ins.user.run(id, `agent-${w}-${a}@bench.example`, `Agent ${w}-${a}`, 'not-a-real-hash', now - 399 * DAY);
        ins.membership.run(ws.id, id, a === 0 ? 'owner' : 'agent', now - 399 * DAY);
        ws.agents.push(id);
      }
      for (let c = 0; c < 3; c++) {
        const id = newId(now - 398 * DAY);
        ins.channel.run(id, ws.id, 'api', `Source ${c}`, '{}', 'active', now - 398 * DAY);
        ws.channels.push(id);
      }
    }
  })();

  const conversationIds: string[] = [];
  const avg = size.messages / size.conversations;
  let messagesLeft = size.messages;
  let convLeft = size.conversations;
  let rows: Array<() => void> = [];
  const flush = () => {
    db.transaction(() => rows.forEach((f) => f()))();
    rows = [];
  };
  for (const ws of workspaces) {
    const count = ws === workspaces.at(-1) ? convLeft : Math.round(size.conversations * ws.share);
    convLeft -= count;
    for (let i = 0; i < count; i++) {
      // Messages of this conversation: at least one, about `avg` on average, the rest on the last.
      const remainingConvs = size.conversations - conversationIds.length;
      const n = remainingConvs <= 1 ? messagesLeft : Math.max(1, Math.min(messagesLeft - (remainingConvs - 1), Math.round(1 - Math.log(1 - r()) * (avg - 1))));
      messagesLeft -= n;
      const convId = conversation(r, ws, n, now, corpus, ins, rows);
      conversationIds.push(convId);
      if (rows.length >= 5000) flush();
    }
    flush();
    note(`dataset: workspace ${workspaces.indexOf(ws) + 1}/${workspaces.length} loaded (${count} conversations)`);
  }
  flush();
  const big = workspaces[0]!;
  return { bigWorkspaceId: big.id, agentIds: big.agents, tags: TAGS, conversationIds, bigShare, loadSec: (performance.now() - started) / 1000 };
}

function harmonic(n: number): number {
  let h = 0;
  for (let i = 1; i <= n; i++) h += 1 / i;
  return h || 1;
}

type Statements = ReturnType<typeof statements>;

function statements(db: Database.Database) {
  return {
    workspace: db.prepare('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)'),
    user: db.prepare('INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)'),
    membership: db.prepare('INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?)'),
    channel: db.prepare('INSERT INTO channels (id, workspace_id, type, name, settings, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    contact: db.prepare("INSERT INTO contacts (id, workspace_id, name, attributes, created_at, updated_at) VALUES (?, ?, ?, '{}', ?, ?)"),
    identity: db.prepare("INSERT INTO identities (id, workspace_id, contact_id, network, external_id, handle, created_at) VALUES (?, ?, ?, 'api', ?, ?, ?)"),
    conversation: db.prepare(
      `INSERT INTO conversations (id, workspace_id, channel_id, contact_id, kind, visibility, status, priority, assignee_id, thread_key, public_item_id,
         snoozed_until, last_message_at, waiting_since, last_inbound_at, unread, created_at, updated_at, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    tag: db.prepare('INSERT INTO conversation_tags (workspace_id, conversation_id, tag) VALUES (?, ?, ?)'),
    message: db.prepare(
      `INSERT INTO messages (id, workspace_id, conversation_id, channel_id, direction, author_kind, author_user_id, visibility, body, attachments,
         external_id, network_ts, received_at, delivery_status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?)`,
    ),
    doc: db.prepare('INSERT INTO search_docs (message_id, workspace_id, terms) VALUES (?, ?, ?)'),
  };
}

let customerSeq = 0;

/** Queues the rows of one conversation (contact, identity, conversation, tags, messages, docs). */
function conversation(
  r: () => number,
  ws: { id: string; agents: string[]; channels: string[] },
  n: number,
  now: number,
  corpus: ReturnType<typeof loadCorpus>,
  ins: Statements,
  rows: Array<() => void>,
): string {
  const created = now - Math.floor(r() * 90 * DAY);
  const channelId = pick(r, ws.channels);
  const customer = `cust-${++customerSeq}`;
  const contactId = newId(created);
  const kindRoll = r();
  let acc = 0;
  const [kind, visibility] = KINDS.find(([, , p]) => (acc += p) >= kindRoll) ?? KINDS[0];
  const convId = newId(created);
  const statusRoll = r();
  // Recent conversations are more often still open: the live queue is the last weeks' traffic.
  const recent = now - created < 14 * DAY;
  const status =
    statusRoll < (recent ? 0.45 : 0.08)
      ? 'open'
      : statusRoll < (recent ? 0.6 : 0.12)
        ? 'pending'
        : statusRoll < (recent ? 0.65 : 0.13)
          ? 'snoozed'
          : 'resolved';
  const assignee = r() < 0.7 ? ws.agents[skewed(r, ws.agents.length)]! : null;
  const priority = skewed(r, 5);
  const item = kind === 'comment' || kind === 'mention' || kind === 'review' ? `post-${Math.floor(r() * 500)}` : null;

  const msgs: Array<{ id: string; direction: 'in' | 'out' | 'note'; at: number; text: string }> = [];
  let at = created;
  for (let i = 0; i < n; i++) {
    const direction = i === 0 ? 'in' : r() < 0.05 ? 'note' : r() < 0.5 ? 'in' : 'out';
    msgs.push({ id: newId(at), direction, at, text: messageText(r, corpus) });
    at = Math.min(now, at + Math.floor(r() * r() * 6 * 3600_000));
  }
  const last = msgs.at(-1)!;
  const lastIn = [...msgs].reverse().find((m) => m.direction === 'in')!;
  const lastOut = [...msgs].reverse().find((m) => m.direction === 'out');
  const waiting = status !== 'resolved' && (!lastOut || lastOut.at < lastIn.at) ? lastIn.at : null;
  const tagCount = r() < 0.4 ? 0 : 1 + Math.floor(r() * r() * 3);
  const tags = new Set<string>();
  for (let i = 0; i < tagCount; i++) tags.add(TAGS[skewed(r, TAGS.length)]!);

  rows.push(() => {
    ins.contact.run(contactId, ws.id, `Customer ${customerSeq}`, created, created);
    ins.identity.run(newId(created), ws.id, contactId, customer, `@${customer}`, created);
    ins.conversation.run(
      convId,
      ws.id,
      channelId,
      contactId,
      kind,
      visibility,
      status,
      priority,
      assignee,
      kind === 'dm' || kind === 'chat' ? `${channelId}:dm:${customer}` : `${channelId}:c:${item ?? '-'}:${customer}`,
      item,
      status === 'snoozed' ? now + DAY : null,
      last.at,
      waiting,
      lastIn.at,
      waiting ? 1 : 0,
      created,
      last.at,
      status === 'resolved' ? last.at : null,
    );
    for (const tag of tags) ins.tag.run(ws.id, convId, tag);
  });
  for (const m of msgs) {
    const inbound = m.direction === 'in';
    rows.push(() => {
      ins.message.run(
        m.id,
        ws.id,
        convId,
        channelId,
        m.direction,
        inbound ? 'customer' : 'human',
        inbound ? null : (assignee ?? ws.agents[0]!),
        m.direction === 'note' ? 'private' : visibility,
        m.text,
        inbound ? `ext-${m.id}` : null,
        inbound ? m.at : null,
        m.at,
        inbound ? 'received' : m.direction === 'note' ? 'sent' : 'delivered',
        m.at,
      );
      ins.doc.run(m.id, ws.id, indexTerms(m.text).join(' '));
    });
  }
  return convId;
}
