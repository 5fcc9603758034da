import type { ChannelAccess, NetworkContext } from './context.js';

/**
 * Message templates: pre-approved messages a network lets a business send where free text is not
 * allowed (WhatsApp outside the 24-hour window). The list lives at the network; Hearken keeps a
 * synced copy per channel (channel_templates) and fills the variables an agent types.
 */
export interface TemplateComponent {
  type?: string;
  format?: string;
  text?: string;
  [k: string]: unknown;
}

export interface NetworkTemplate {
  externalId: string | null;
  name: string;
  language: string;
  /** Upper case, as the network says it (APPROVED, PENDING, REJECTED, PAUSED…). */
  status: string;
  category: string;
  components: TemplateComponent[];
}

/** A refusal names `field` when a channel setting is missing or wrong (the admin fixes it), else it is the network's. */
export type TemplateList = { ok: true; templates: NetworkTemplate[] } | { ok: false; error: string; field?: string };

export interface MessageTemplates {
  /** Every template of the channel's account at the network; a refusal in the network's words. Must not throw. */
  list(ctx: NetworkContext, channel: ChannelAccess): Promise<TemplateList>;
  /** The names of the variables a send must fill, in the order the parameters are given. */
  variables(components: TemplateComponent[]): string[];
  /** The text as the customer will read it, for the inbox's record of what was sent. */
  render(components: TemplateComponent[], params: string[]): string;
  /** Why Hearken cannot send this template (a part it cannot fill), or null. */
  unsupported(components: TemplateComponent[]): string | null;
  /**
   * What the queued message carries in its attachments so this network's sender sends the
   * template instead of free text (the sender reads it back; nothing else looks inside).
   */
  descriptor(template: { name: string; language: string; components: TemplateComponent[] }, params: string[]): Record<string, unknown>;
}
