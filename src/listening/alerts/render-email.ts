export interface AlertMailInput {
  workspace: string;
  message: string;
  queryName: string | null;
  createdAt: number;
  posts: Array<{ url: string | null; text: string; author: string | null; source: string }>;
  appUrl: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** Only http(s) links go into an href: a post URL comes from a network and could be javascript:. */
const safeUrl = (u: string | null) => (u && /^https?:\/\//i.test(u) ? u : null);
const oneLine = (s: string, n: number) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};
// Header values must not carry line breaks (header injection through a rule or query name).
const headerSafe = (s: string) => s.replace(/[\r\n]+/g, ' ');

/** The alert e-mail: subject, HTML and plain text, every value from users or networks escaped. */
export function renderAlertEmail(a: AlertMailInput) {
  const subject = headerSafe(oneLine(`[${a.workspace}] Listening alert: ${a.message}`, 200));
  const when = new Date(a.createdAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const feed = `${a.appUrl}/listening/alerts`;
  const posts = a.posts.slice(0, 20);
  const htmlPosts = posts
    .map((p) => {
      const text = esc(oneLine(p.text, 280));
      const url = safeUrl(p.url);
      const who = p.author ? ` <span style="color:#667">— @${esc(p.author)} on ${esc(p.source)}</span>` : ` <span style="color:#667">— ${esc(p.source)}</span>`;
      return `<li style="margin:6px 0">${url ? `<a href="${esc(url)}">${text}</a>` : text}${who}</li>`;
    })
    .join('');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1d2330">
<h2 style="margin:0 0 8px">${esc(a.message)}</h2>
<p style="color:#667;margin:0 0 12px">${a.queryName ? `Query: <strong>${esc(a.queryName)}</strong> · ` : ''}${esc(when)} · ${esc(a.workspace)}</p>
${posts.length ? `<p>The posts that caused it:</p><ul>${htmlPosts}</ul>` : ''}
<p><a href="${esc(feed)}">Open the alerts in Hearken</a></p>
</body></html>`;
  const text = [
    a.message,
    `${a.queryName ? `Query: ${a.queryName} · ` : ''}${when} · ${a.workspace}`,
    '',
    ...(posts.length
      ? [
          'The posts that caused it:',
          ...posts.map((p) => `- ${oneLine(p.text, 280)}${p.author ? ` — @${p.author}` : ''} (${p.source})${safeUrl(p.url) ? `\n  ${p.url}` : ''}`),
          '',
        ]
      : []),
    `Open the alerts in Hearken: ${feed}`,
  ].join('\n');
  return { subject, html, text };
}
