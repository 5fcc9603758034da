import type { SavedReplyTable } from '../store/schema.js';

export const presentSavedReply = (r: SavedReplyTable) => ({ id: r.id, name: r.name, body: r.body, updatedAt: new Date(r.updated_at).toISOString() });
