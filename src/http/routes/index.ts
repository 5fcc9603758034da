import type { Hono } from 'hono';
import type { HonoEnv } from '../context.js';
import { mountHandshake, mountReceiver } from '../../intake/receiver.js';
import { mountConversations } from './conversations.js';
import { mountChannels } from './channels.js';
import { mountSavedReplies } from './saved-replies.js';
import { mountViews } from './views.js';
import { mountContacts } from './contacts.js';
import { mountAuth } from './auth.js';
import { mountMembers } from './members.js';
import { mountTeams } from './teams.js';
import { mountTokens } from './tokens.js';
import { mountStream } from './stream.js';
import { mountSearch } from './search.js';
import { mountEnrich } from './enrich.js';
import { mountDemoCallback } from '../../demo/callback.js';
import { mountWeb } from './web.js';
import { mountHours } from './hours.js';
import { mountMetrics } from './metrics.js';

/** Every route module, in one list so the server and the OpenAPI document see the same set. */
export const routeModules: Array<(http: Hono<HonoEnv>) => void> = [mountReceiver, mountHandshake, mountConversations, mountChannels, mountSavedReplies, mountViews, mountContacts, mountAuth, mountMembers, mountTeams, mountTokens, mountStream, mountSearch, mountEnrich, mountDemoCallback, mountHours, mountMetrics, mountWeb];
