import { lazy, Suspense } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { ApiError } from './api/client';
import { errorText } from './api/error-text';
import { useMe, useUserSettings } from './api/queries';
import { Login } from './components/login';
import { DialogProvider } from './components/dialog';
import { Inbox } from './components/inbox';
import { SessionProvider } from './session';
import { t } from './i18n';
import { applyTheme } from './lib/theme';
import { useEffect } from 'react';
import { AcceptInvite } from './accounts/accept-invite';
import { ForcedPasswordChange } from './accounts/forced-password';
import { ResetPassword } from './accounts/reset-password';
import { TwoFactorRequired } from './accounts/two-factor';
import { DecisionNotices } from './approvals/decision-notices';

/** Pages an e-mailed link opens: they work signed in or not. */
function linkPage(path: string) {
  if (path === '/reset-password') return <ResetPassword />;
  if (path === '/accept-invite') return <AcceptInvite />;
  return null;
}

const Settings = lazy(() => import('./settings/settings'));
const Listening = lazy(() => import('./listening/listening'));
// Charts and tables: a chunk of their own, fetched only when /reports is opened.
const Reports = lazy(() => import('./reports/reports'));
const Help = lazy(() => import('./help/help-page'));
const Contacts = lazy(() => import('./contacts/contacts'));
const Approvals = lazy(() => import('./approvals/approvals-page'));
const Board = lazy(() => import('./board/board'));

/** Signed out → the sign-in form; signed in → the inbox and settings, with the live stream running. */
export function App() {
  // useMe sets the CSRF token as the answer arrives, before any child's first write.
  const me = useMe();
  // Subscribed, so leaving a link page (history.replaceState + popstate) re-renders.
  const [location] = useLocation();
  const page = linkPage(location);
  if (page) return page;

  if (me.isPending) return <div className="splash">{t('app.loading')}</div>;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401) return <Login />;
    return (
      <div className="splash" role="alert">
        {errorText(me.error)} <button onClick={() => me.refetch()}>{t('app.retry')}</button>
      </div>
    );
  }
  // What the account owes comes before the app (the API refuses everything else meanwhile).
  if (me.data.mustChangePassword) return <ForcedPasswordChange />;
  if (me.data.twoFactorEnrolmentRequired) return <TwoFactorRequired />;
  return (
    <SessionProvider me={me.data}>
      <DialogProvider>
        <ThemeFromSettings />
        <DecisionNotices />
        <Switch>
          <Route path="/login">
            <Redirect to="/inbox/all" />
          </Route>
          <Route path="/listening/:tab?">
            {(p) => (
              <Suspense fallback={<div className="splash">{t('app.loading')}</div>}>
                <Listening tab={p.tab ?? 'mentions'} />
              </Suspense>
            )}
          </Route>
          <Route path="/settings/:section?">
            {(p) => (
              <Suspense fallback={<div className="splash">{t('app.loading')}</div>}>
                <Settings section={p.section ?? 'profile'} />
              </Suspense>
            )}
          </Route>
          <Route path="/contacts/:id?">
            {(p) => (
              <Suspense fallback={<div className="splash">{t('app.loading')}</div>}>
                <Contacts id={p.id} />
              </Suspense>
            )}
          </Route>
          <Route path="/reports/:tab?">
            {(p) => (
              <Suspense fallback={<div className="splash">{t('app.loading')}</div>}>
                <Reports tab={p.tab ?? 'dashboard'} />
              </Suspense>
            )}
          </Route>
          <Route path="/approvals">
            <Suspense fallback={<div className="splash">{t('app.loading')}</div>}>
              <Approvals />
            </Suspense>
          </Route>
          <Route path="/board">
            <Suspense fallback={<div className="splash">{t('app.loading')}</div>}>
              <Board />
            </Suspense>
          </Route>
          <Route path="/help/:slug?">
            {(p) => (
              <Suspense fallback={<div className="splash">{t('app.loading')}</div>}>
                <Help slug={p.slug} />
              </Suspense>
            )}
          </Route>
          <Route path="/inbox/:view/:convId?">{(p) => <Inbox view={p.view} convId={p.convId} />}</Route>
          <Route>
            <Redirect to="/inbox/all" />
          </Route>
        </Switch>
      </DialogProvider>
    </SessionProvider>
  );
}

/** The member's saved theme wins over the copy this browser kept (it may be another device's choice). */
function ThemeFromSettings() {
  const theme = useUserSettings().data?.appearance.theme;
  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);
  return null;
}
