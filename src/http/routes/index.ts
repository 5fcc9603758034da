import type { Hono } from 'hono';
import type { HonoEnv } from '../context.js';
import { mountReceiver } from '../../intake/receiver.js';

/** Every route module, in one list so the server and the OpenAPI document see the same set. */
export const routeModules: Array<(http: Hono<HonoEnv>) => void> = [mountReceiver];
