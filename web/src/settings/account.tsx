import { RequireTwoFactor } from '../accounts/require-two-factor';
import { SessionsPanel } from '../accounts/sessions';
import { TwoFactorPanel } from '../accounts/two-factor';
import { useSession } from '../session';

/** Settings → Account security: two-factor, where you are signed in, and (owners) the workspace's requirement. */
export function AccountSecurity() {
  const { me } = useSession();
  return (
    <>
      <TwoFactorPanel />
      <SessionsPanel />
      {me.role === 'owner' && <RequireTwoFactor />}
    </>
  );
}
