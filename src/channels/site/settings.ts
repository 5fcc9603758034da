import { z } from 'zod';
import { CUSTOMER_TEXTS } from '../../lib/customer-texts/index.js';

/** An origin a brand's site is served from: scheme, host and port, nothing else. */
const origin = z
  .string()
  .trim()
  .max(200)
  .transform((s, ctx) => {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an origin such as https://shop.example.com' });
      return z.NEVER;
    }
    if (!/^https?:$/.test(u.protocol) || u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
      ctx.addIssue({ code: 'custom', message: 'must be an origin such as https://shop.example.com (http or https, no path)' });
      return z.NEVER;
    }
    return u.origin;
  });

/**
 * A site channel's settings (docs/channels-site.md). Colors are validated here because the
 * widget puts the value into its stylesheet; every other text is shown with textContent.
 */
export const siteSettingsSchema = z.object({
  /** Browsers may call the visitor API only from these origins (CORS); the widget refuses to start elsewhere. */
  allowedOrigins: z.array(origin).min(1).max(20),
  // The defaults are Hearken's words: the widget shows them in the visitor's language (site-chat/widget-config.ts).
  title: z.string().trim().min(1).max(60).default(CUSTOMER_TEXTS['site.title'].en),
  greeting: z.string().trim().max(500).default(CUSTOMER_TEXTS['site.greeting'].en),
  /** Shown instead of the greeting outside the channel's business hours, with the email field. */
  awayMessage: z.string().trim().max(500).default(CUSTOMER_TEXTS['site.away'].en),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a color such as #3b5bdb')
    .default('#3b5bdb'),
  /** The pre-chat form: no email field, an optional one, or a required one. */
  askEmail: z.enum(['off', 'optional', 'required']).default('optional'),
});
export type SiteSettings = z.output<typeof siteSettingsSchema>;
