/**
 * The file-sending half of the fake Bot API (fake-telegram.ts): what api.telegram.org checks on a
 * multipart sendPhoto / sendDocument — a multipart body, the file in the field the method names
 * (photo, document), chat_id, caption length (1,024), photo size (10 MB) and file size (50 MB) —
 * answered with the documented error texts.
 */
export interface TelegramUpload {
  field: string;
  name: string;
  type: string;
  size: number;
  bytes: Uint8Array;
}

const PHOTO_MAX = 10 * 1024 * 1024;
const FILE_MAX = 50 * 1024 * 1024;
const CAPTION_MAX = 1024;

/** Reads a multipart body into plain fields and files (the fake's request log keeps both). */
export async function parseMultipart(raw: Buffer, contentType: string): Promise<{ fields: Record<string, string>; files: TelegramUpload[] } | null> {
  try {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
    const fields: Record<string, string> = {};
    const files: TelegramUpload[] = [];
    for (const [k, v] of form.entries()) {
      if (typeof v === 'string') fields[k] = v;
      else files.push({ field: k, name: v.name, type: v.type, size: v.size, bytes: new Uint8Array(await v.arrayBuffer()) });
    }
    return { fields, files };
  } catch {
    return null;
  }
}

type Err = (code: number, description: string) => unknown;

/** Checks one sendPhoto/sendDocument; answers an error (via `err`) or null when the request is acceptable. */
export function checkFileSend(
  method: 'sendPhoto' | 'sendDocument',
  b: { multipart?: boolean; files?: TelegramUpload[]; chat_id?: unknown; caption?: unknown; reply_parameters?: unknown },
  err: Err,
): unknown {
  const field = method === 'sendPhoto' ? 'photo' : 'document';
  if (b.chat_id === undefined) return err(400, 'Bad Request: chat_id is empty');
  const file = b.files?.find((f) => f.field === field);
  if (!b.multipart || !file) return err(400, `Bad Request: there is no ${field} in the request`);
  if (file.size === 0) return err(400, `Bad Request: file must be non-empty`);
  if (file.size > (method === 'sendPhoto' ? PHOTO_MAX : FILE_MAX)) return err(413, 'Request Entity Too Large');
  if (typeof b.caption === 'string' && b.caption.length > CAPTION_MAX) return err(400, 'Bad Request: message caption is too long');
  if (b.reply_parameters !== undefined) {
    try {
      if (typeof JSON.parse(String(b.reply_parameters))?.message_id !== 'number') return err(400, 'Bad Request: invalid reply parameters');
    } catch {
      return err(400, "Bad Request: can't parse reply parameters JSON object");
    }
  }
  return null;
}
