import type { Hono } from 'hono';
import type { HonoEnv } from '../context.js';
import { mountHandshake, mountReceiver } from './webhooks.js';
import { mountConversations } from './conversations.js';
import { mountModeration } from './moderation.js';
import { mountChannels } from './channels.js';
import { mountSavedReplies } from './saved-replies.js';
import { mountMacros } from './macros.js';
import { mountViews } from './views.js';
import { mountTags } from './tags.js';
import { mountContacts } from './contacts.js';
import { mountContactsDirectory } from './contacts-directory.js';
import { mountContactAttributes } from './contact-attributes.js';
import { mountAuth } from './auth.js';
import { mountMembers } from './members.js';
import { mountWorkspace } from './workspace.js';
import { mountInvitations } from './invitations.js';
import { mountTeams } from './teams.js';
import { mountRouting } from './routing.js';
import { mountRoles } from './roles.js';
import { mountTokens } from './tokens.js';
import { mountStream } from './stream.js';
import { mountSearch } from './search.js';
import { mountEnrich } from './enrich.js';
import { mountToneRules } from './tone-rules.js';
import { mountDemoCallback } from './demo-callback.js';
import { mountWeb } from './web.js';
import { mountHours } from './hours.js';
import { mountMetrics } from './metrics.js';
import { mountSurveys } from './surveys.js';
import { mountReports } from './reports.js';
import { mountListening } from './listening.js';
import { mountListeningReports } from './listening-reports.js';
import { mountSla } from './sla.js';
import { mountRules } from './rules.js';
import { mountAutoReplies } from './auto-replies.js';
import { mountSiteChat } from './site-chat.js';
import { mountTemplates } from './templates.js';
import { mountMedia } from './media.js';
import { mountPrometheus } from './prometheus.js';
import { mountAudit } from './audit.js';
import { mountRetention } from './retention.js';
import { mountHelp } from './help.js';
import { mountSpam } from './spam.js';
import { mountConversationMerge } from './conversation-merge.js';
import { mountAccountSecurity } from './account-security.js';
import { mountInviteLinks } from './invite-links.js';
import { mountSso } from './sso.js';
import { mountHeldReplies } from './held-replies.js';
import { mountNotifications } from './notifications.js';

/** Every route module, in one list so the server and the OpenAPI document see the same set. */
export const routeModules: Array<(http: Hono<HonoEnv>) => void> = [
  mountReceiver,
  mountHandshake,
  mountConversations,
  mountSpam,
  mountConversationMerge,
  // After mountConversations: its requireAuth covers these routes too.
  mountModeration,
  mountHeldReplies,
  mountChannels,
  mountSavedReplies,
  mountMacros,
  mountViews,
  mountTags,
  mountContactsDirectory,
  mountContacts,
  mountContactAttributes,
  mountAuth,
  mountMembers,
  mountWorkspace,
  mountInvitations,
  mountInviteLinks,
  mountAccountSecurity,
  mountSso,
  mountTeams,
  // After mountTeams and mountViews: their requireAuth covers /teams/* and /me/*.
  mountRouting,
  mountRoles,
  mountTokens,
  mountStream,
  mountSearch,
  mountEnrich,
  mountToneRules,
  mountDemoCallback,
  mountHours,
  mountMetrics,
  mountPrometheus,
  mountAudit,
  mountRetention,
  mountHelp,
  mountListening,
  mountListeningReports,
  mountSla,
  mountRules,
  mountAutoReplies,
  mountSiteChat,
  mountTemplates,
  mountSurveys,
  mountReports,
  mountMedia,
  mountNotifications,
  mountWeb,
];
