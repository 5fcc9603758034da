import { useState } from 'react';
import { Link } from 'wouter';
import type { ReportFilters } from './api';
import { Dashboard } from './dashboard';
import { Filters } from './filters';
import { dateInput } from './format';
import { ReportSettings } from './settings-panel';
import { rt } from './strings';
import './reports.css';

function defaults(): ReportFilters {
  const to = new Date();
  const from = new Date(to.getTime() - 29 * 86_400_000);
  return { from: dateInput(from), to: dateInput(to), channel: '', kind: '', team: '', agent: '', tag: '', time: 'calendar' };
}

/** /reports: loaded on demand (React.lazy) so the inbox's first load does not carry the charts. */
export default function Reports({ tab }: { tab: string }) {
  const [filters, setFilters] = useState<ReportFilters>(defaults);
  return (
    <div className="reports">
      <header className="reports-head">
        <Link href="/inbox/mine" className="link-btn">
          {rt('back')}
        </Link>
        <h1>{rt('title')}</h1>
        <nav className="reports-tabs" aria-label={rt('title')}>
          <Link href="/reports" className={tab === 'dashboard' ? 'tab active' : 'tab'} aria-current={tab === 'dashboard' ? 'page' : undefined}>
            {rt('dashboard')}
          </Link>
          <Link href="/reports/settings" className={tab === 'settings' ? 'tab active' : 'tab'} aria-current={tab === 'settings' ? 'page' : undefined}>
            {rt('settings')}
          </Link>
        </nav>
      </header>
      {tab === 'settings' ? (
        <ReportSettings />
      ) : (
        <>
          <Filters value={filters} onApply={setFilters} />
          <Dashboard filters={filters} />
        </>
      )}
    </div>
  );
}
