import type { SystemMail } from '../auth/system-mail.js';
import type { NotificationKind } from './kinds.js';

export interface NotificationMailInput {
  to: string;
  name: string;
  workspace: string;
  kind: NotificationKind;
  /** The rule's own text (kind 'rule'). */
  text: string;
  ruleName: string | null;
  params: Record<string, unknown>;
  /** Names for the people params name (byUserId, authorUserId). */
  names: ReadonlyMap<string, string>;
  /** HEARKEN_PUBLIC_URL without a trailing slash. */
  appUrl: string;
  conversationId: string | null;
}

const TARGETS: Record<string, string> = { first_response: 'first response', next_response: 'next response', resolution: 'resolution' };

/**
 * One notification as a mail. Hearken's own mails (reset links, invitations) are written in
 * English and so is this one; it carries the rule's own text and fixed sentences, never what a
 * customer wrote, and a link to the conversation in the web app.
 */
export function renderNotificationEmail(n: NotificationMailInput): SystemMail {
  const name = (key: string) => {
    const id = n.params[key];
    return typeof id === 'string' ? (n.names.get(id) ?? 'A colleague') : null;
  };
  let what: string;
  let subject: string;
  switch (n.kind) {
    case 'rule':
      subject = n.text;
      what = `${n.text}\n\n(from the automation rule "${n.ruleName ?? 'deleted rule'}")`;
      break;
    case 'assigned': {
      const by = name('byUserId');
      subject = 'A conversation was assigned to you';
      what = by ? `${by} assigned a conversation to you.` : 'A conversation was assigned to you.';
      break;
    }
    case 'mentioned':
      subject = `${name('byUserId') ?? 'A colleague'} mentioned you in a note`;
      what = `${name('byUserId') ?? 'A colleague'} mentioned you in an internal note.`;
      break;
    case 'sla_breached': {
      const target = TARGETS[String(n.params.target)] ?? 'an SLA';
      subject = `A conversation missed its ${target} target`;
      what = `A conversation missed its ${target} target${typeof n.params.policyName === 'string' ? ` (SLA policy "${n.params.policyName}")` : ''}.`;
      break;
    }
    case 'approval_waiting':
      subject = 'A reply waits for your approval';
      what = `${name('authorUserId') ?? 'A colleague'} proposed a reply that waits for an approver.`;
      break;
  }
  const link = n.conversationId ? `\n\nOpen the conversation: ${n.appUrl}/inbox/all/${encodeURIComponent(n.conversationId)}` : '';
  return {
    to: n.to,
    subject: `[${n.workspace}] ${oneLine(subject)}`,
    text: `Hello ${n.name},\n\n${what}${link}\n\nWhich notifications you get, and which by e-mail: ${n.appUrl}/settings/profile\n`,
  };
}

/** A subject is one line, and short. */
function oneLine(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}
