import { lazy, Suspense } from 'react';
import { Link } from 'wouter';
import { AlertsPanel } from './alerts';
import { MentionsFeed } from './mentions-feed';
import { QueriesPanel } from './queries';
import { SourcesPanel } from './sources';
import { lt, type ListeningKey } from './strings';
import './listening.css';

// The Reports tab carries Chart.js: loaded only when opened, so the feed's chunk does not grow.
const ReportsTab = lazy(() => import('./reports-tab'));

const TABS: Array<[string, ListeningKey]> = [
  ['mentions', 'tabMentions'],
  ['queries', 'tabQueries'],
  ['sources', 'tabSources'],
  ['alerts', 'tabAlerts'],
  ['reports', 'tabReports'],
];

/** /listening/:tab — the mentions feed, saved queries, and sources (docs/listening.md). */
export default function Listening({ tab }: { tab: string }) {
  return (
    <div className="settings listening">
      <nav className="settings-nav" aria-label={lt('title')}>
        <Link href="/inbox/all" className="link-btn">
          ← {lt('back')}
        </Link>
        <h1>{lt('title')}</h1>
        <ul>
          {TABS.map(([id, label]) => (
            <li key={id}>
              <Link href={`/listening/${id}`} className={tab === id ? 'nav-item active' : 'nav-item'} aria-current={tab === id ? 'page' : undefined}>
                {lt(label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main className="settings-body">
        {tab === 'mentions' && <MentionsFeed />}
        {tab === 'queries' && <QueriesPanel />}
        {tab === 'sources' && <SourcesPanel />}
        {tab === 'alerts' && <AlertsPanel />}
        {tab === 'reports' && (
          <Suspense fallback={<p className="muted">{lt('loading')}</p>}>
            <ReportsTab />
          </Suspense>
        )}
      </main>
    </div>
  );
}
