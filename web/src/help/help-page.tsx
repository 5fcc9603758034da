import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { Link, useLocation } from 'wouter';
import { get } from '../api/client';
import { errorText } from '../api/error-text';
import { SHORTCUTS } from '../components/help-overlay';
import { t } from '../i18n';
import './help.css';

interface DocEntry {
  slug: string;
  title: string;
}

/**
 * Where a link inside a guide goes. Guides link to each other as files (docs/sla.md, ../README.md);
 * inside the app those are help pages. Links to source files have no page here, so they stay text.
 */
export function helpHref(href: string | undefined): { kind: 'internal' | 'external' | 'anchor' | 'none'; to: string } {
  if (!href) return { kind: 'none', to: '' };
  if (href.startsWith('#')) return { kind: 'anchor', to: href };
  if (/^https?:\/\//i.test(href)) return { kind: 'external', to: href };
  const m = /^(?:\.{1,2}\/)*(?:docs\/)?([a-z0-9-]+|README)\.md(#.*)?$/i.exec(href);
  if (m) return { kind: 'internal', to: `/help/${m[1]!.toLowerCase()}` };
  return { kind: 'none', to: '' };
}

function GuideLink({ href, children }: { href?: string; children?: ReactNode }) {
  const [, navigate] = useLocation();
  const target = helpHref(href);
  if (target.kind === 'internal')
    return (
      <a
        href={target.to}
        onClick={(e) => {
          e.preventDefault();
          navigate(target.to);
        }}
      >
        {children}
      </a>
    );
  if (target.kind === 'external')
    return (
      <a href={target.to} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    );
  if (target.kind === 'anchor') return <a href={target.to}>{children}</a>;
  return <span className="help-file">{children}</span>;
}

const components: Components = { a: ({ href, children }) => <GuideLink href={href}>{children}</GuideLink> };

/** /help: the shortcuts and the guides shipped with this installation (README and docs/). */
export default function HelpPage({ slug }: { slug?: string }) {
  const list = useQuery({ queryKey: ['help', 'docs'], queryFn: () => get<{ docs: DocEntry[] }>('/help/docs').then((r) => r.docs), staleTime: Infinity });
  const doc = useQuery({
    queryKey: ['help', 'doc', slug],
    queryFn: () => get<DocEntry & { markdown: string }>(`/help/docs/${encodeURIComponent(slug ?? '')}`),
    enabled: slug !== undefined,
    staleTime: Infinity,
  });
  return (
    <div className="help-page">
      <header className="help-head">
        <Link href="/inbox/mine" className="link-btn">
          {t('helpPage.back')}
        </Link>
        <h1>{t('helpPage.title')}</h1>
        <a className="link-btn" href="/openapi.json" target="_blank" rel="noopener noreferrer">
          {t('helpPage.api')}
        </a>
      </header>
      <div className="help-body">
        <nav className="help-nav" aria-label={t('helpPage.guides')}>
          <Link href="/help" className={slug === undefined ? 'active' : undefined} aria-current={slug === undefined ? 'page' : undefined}>
            {t('helpPage.shortcuts')}
          </Link>
          <h2 className="nav-heading">{t('helpPage.guides')}</h2>
          {list.error && <p role="alert">{errorText(list.error)}</p>}
          <ul>
            {list.data?.map((d) => (
              <li key={d.slug}>
                <Link href={`/help/${d.slug}`} className={d.slug === slug ? 'active' : undefined} aria-current={d.slug === slug ? 'page' : undefined}>
                  {d.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main className="help-main">
          {slug === undefined ? (
            <section>
              <h2>{t('help.title')}</h2>
              <dl className="shortcuts">
                {SHORTCUTS.map(([k, label]) => (
                  <div key={k}>
                    <dt>
                      <kbd>{k}</kbd>
                    </dt>
                    <dd>{t(label)}</dd>
                  </div>
                ))}
              </dl>
              <p className="muted">{t('helpPage.intro')}</p>
            </section>
          ) : doc.isPending ? (
            <p>{t('app.loading')}</p>
          ) : doc.error ? (
            <p role="alert">{errorText(doc.error)}</p>
          ) : (
            <article className="help-doc" data-testid="help-doc">
              <Markdown remarkPlugins={[remarkGfm]} components={components}>
                {doc.data.markdown}
              </Markdown>
            </article>
          )}
        </main>
      </div>
    </div>
  );
}
