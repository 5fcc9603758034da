import { ApiError, getCsrf } from './client';

/** What POST /api/v1/media answers; `id` goes into a reply's `attachments`. */
export interface UploadedMedia {
  id: string;
  url: string;
  mime: string;
  size: number;
  name: string;
}

/** Uploads one file (multipart, field "file") with the session cookie and the CSRF token. */
export async function uploadMedia(file: File): Promise<UploadedMedia> {
  const form = new FormData();
  form.set('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  const csrf = getCsrf();
  if (csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch('/api/v1/media', { method: 'POST', headers, body: form, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'http_' + res.status, e.message ?? res.statusText, e.fields);
  }
  return data as UploadedMedia;
}
