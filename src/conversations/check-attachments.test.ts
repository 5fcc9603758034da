import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capabilities } from '../channels/contract/capabilities.js';
import { apiCapabilities } from '../channels/api/capabilities.js';
import { processJournalBatch } from '../intake/processor.js';
import { AppError } from '../lib/errors.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { checkAttachments } from './check-attachments.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A channel whose capabilities say it carries no files must refuse files outright, whatever shape says so. */
describe(`files on a channel that sends none (${testDialect})`, () => {
  let t: TestApp;
  let w: TestWorkspace;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await buildWorkspace(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('"0 files per reply" and "attachments: false" are both "cannot send attachments", with the field, before any lookup', async () => {
    await deliver(t, w, buildInbound({ text: 'hello' }));
    while ((await processJournalBatch(t.app)) > 0);
    const conv = await t.app.store.db.selectFrom('conversations').selectAll().where('channel_id', '=', w.channelId).executeTakeFirstOrThrow();
    const up = await t.http.request('/api/v1/media?name=box.png', {
      method: 'POST',
      headers: { authorization: `Bearer ${w.token}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(up.status).toBe(201);
    const media = (await up.json()) as { id: string };
    const limits = { maxFiles: 5, maxBytes: 1_000_000, privateOnly: false };
    const shapes: Capabilities[] = [
      { ...apiCapabilities, attachments: true, outboundAttachments: { ...limits, maxFiles: 0 } },
      { ...apiCapabilities, attachments: false, outboundAttachments: limits },
      { ...apiCapabilities, attachments: true, outboundAttachments: undefined },
    ];
    for (const caps of shapes) {
      const err = await checkAttachments(t.app.store.db, caps, conv, { workspaceId: w.workspaceId, mediaIds: [media.id], visibility: 'private' }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'capability_unsupported', message: 'this channel cannot send attachments', fields: [{ field: 'attachments' }] });
    }
    // The same file on a channel that does carry files passes.
    const ok = await checkAttachments(t.app.store.db, { ...apiCapabilities, attachments: true, outboundAttachments: limits }, conv, {
      workspaceId: w.workspaceId,
      mediaIds: [media.id],
      visibility: 'private',
    });
    expect(ok).toMatchObject([{ media: media.id, name: 'box.png', contentType: 'image/png' }]);
  });
});
