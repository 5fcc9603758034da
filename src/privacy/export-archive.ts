import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { App } from '../app.js';
import { mediaStoreFor } from '../media/storage.js';
import type { ContactExport } from './export-contact.js';

const README = `This archive holds everything the support team's Hearken workspace stores about one person.

data.json    the contact, their accounts on each network, and every conversation with its messages,
             replies, internal notes, tags and survey answers (times in UTC, ISO 8601)
attachments/ the files sent in those conversations, named as data.json refers to them

A file listed in data.json but missing here had been removed from storage before the export.
`;

/**
 * The export as a ZIP stream (yazl: streaming, so a person with gigabytes of video costs no memory;
 * ZIP, because it opens with a double click on every desktop the person may have). Files are
 * opened one at a time as the archive reaches them.
 */
export async function exportArchive(app: App, exp: ContactExport): Promise<Readable> {
  const zip = new ZipFile();
  const mtime = new Date(app.now());
  zip.addBuffer(Buffer.from(README), 'README.txt', { mtime });
  zip.addBuffer(Buffer.from(JSON.stringify(exp.document, null, 2)), 'data.json', { mtime });
  const store = mediaStoreFor(app.config);
  for (const f of exp.files) {
    const media = await store.get(f.key);
    if (!media) continue;
    zip.addReadStreamLazy(f.path, { mtime, size: media.size }, (cb) => {
      store.get(f.key).then(
        (m) => (m ? cb(null, Readable.fromWeb(m.body() as never)) : cb(new Error(`${f.path} disappeared during the export`), undefined as never)),
        (err) => cb(err, undefined as never),
      );
    });
  }
  zip.end();
  return zip.outputStream as Readable;
}
