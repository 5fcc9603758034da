/**
 * Links and images from messages and posts come from strangers. Links: http(s) only, opened
 * without referrer. Images are drawn inline only from the networks' own media hosts (the same
 * list the page's Content-Security-Policy allows in img-src, src/http/routes/web.ts); anything
 * else stays a link that names its host, so the agent sees where it leads before clicking.
 */
export const MEDIA_HOSTS = ['fbcdn.net', 'cdninstagram.com', 'twimg.com'];

export function safeHttpUrl(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

/** The URL when it may be shown as an inline image (https, a network's media host), else null. */
export function inlineImageUrl(url: string | null | undefined): string | null {
  const u = safeHttpUrl(url);
  if (!u || u.protocol !== 'https:') return null;
  const host = u.hostname.toLowerCase();
  return MEDIA_HOSTS.some((h) => host.endsWith(`.${h}`)) ? u.href : null;
}

export const isImage = (type: string | undefined, url: string | undefined) =>
  type === 'image' || type === 'photo' || /^image\//.test(type ?? '') || /\.(jpe?g|png|gif|webp)(\?|$)/i.test(url ?? '');
