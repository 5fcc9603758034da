import type { Sender, SendRequest, SendResult } from '../contract/send.js';
import { GRAPH_BASE_URL, WHATSAPP_WINDOW_MS } from './constants.js';
import { graphPost } from './graph-client.js';
import { templateOf, templatePayload } from './templates-payload.js';
import { sendWhatsAppFiles, WHATSAPP_CAPTION_MAX } from './send-files.js';

/**
 * WhatsApp Cloud API: POST /{phone-number-id}/messages with a text message to the customer's
 * wa_id. Free-form text only inside the 24-hour customer-service window (checked again here,
 * at send time). Rate-limit errors (130429 per number, 131056 per user pair) come back as
 * transient with a backoff, so the outbox retries them instead of dropping the reply.
 */
export const whatsappSender: Sender = {
  async send(req: SendRequest): Promise<SendResult> {
    const phoneNumberId = req.settings.phoneNumberId;
    if (typeof phoneNumberId !== 'string' || !phoneNumberId) return { ok: false, permanent: true, error: 'channel setting phoneNumberId is missing' };
    const last = req.conversation.last_inbound_at ?? req.conversation.created_at;
    // An approved template (conversations/send-template.ts) may go out whatever the window; free-form text may not.
    const template = templateOf(req.message);
    if (!template && Date.now() - last > WHATSAPP_WINDOW_MS)
      return {
        ok: false,
        permanent: true,
        error: 'the 24-hour customer-service window closed before this reply could be sent: only an approved template can be sent now',
      };
    if (!req.recipient.externalId) return { ok: false, permanent: true, error: 'the customer has no WhatsApp number to message' };
    const base = typeof req.settings.apiBaseUrl === 'string' ? req.settings.apiBaseUrl : GRAPH_BASE_URL;
    if (req.files?.length && !template) {
      // Files (send-files.ts): the text rides as the first caption when it fits, else goes first on its own.
      const call = { baseUrl: base, token: req.secrets.accessToken ?? '', appSecret: req.secrets.appSecret, timeoutMs: req.timeoutMs, outbound: req.outbound };
      const text = req.message.body.trim() ? req.message.body : '';
      const asCaption = text && [...text].length <= WHATSAPP_CAPTION_MAX && !req.files[0]!.contentType.startsWith('audio/');
      const lead =
        text && !asCaption
          ? await graphPost<{ messages?: Array<{ id?: string }> }>({
              ...call,
              path: `${encodeURIComponent(phoneNumberId)}/messages`,
              body: {
                messaging_product: 'whatsapp',
                recipient_type: 'individual',
                to: req.recipient.externalId,
                type: 'text',
                text: { preview_url: false, body: text },
              },
            })
          : null;
      if (lead && !lead.ok) return lead.result;
      const f = await sendWhatsAppFiles(call, { phoneNumberId, to: req.recipient.externalId, files: req.files, caption: asCaption ? text : null });
      if (!f.ok) return f;
      return { ok: true, externalId: (lead?.ok ? lead.data.messages?.[0]?.id : null) ?? f.id };
    }
    const r = await graphPost<{ messages?: Array<{ id?: string }> }>({
      baseUrl: base,
      path: `${encodeURIComponent(phoneNumberId)}/messages`,
      token: req.secrets.accessToken ?? '',
      appSecret: req.secrets.appSecret,
      timeoutMs: req.timeoutMs,
      outbound: req.outbound,
      body: template
        ? { messaging_product: 'whatsapp', recipient_type: 'individual', to: req.recipient.externalId, type: 'template', template: templatePayload(template) }
        : {
            messaging_product: 'whatsapp',
            recipient_type: 'individual',
            to: req.recipient.externalId,
            type: 'text',
            text: { preview_url: false, body: req.message.body },
          },
    });
    return r.ok ? { ok: true, externalId: r.data.messages?.[0]?.id ?? null } : r.result;
  },
};
