import { Link } from 'wouter';
import { t, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { Channels } from './channels';
import { Members } from './members';
import { Profile } from './profile';
import { SavedRepliesSettings } from './saved-replies';
import { Teams } from './teams';
import { ToneRulesSettings } from './tone';
import { SlaSettings } from './sla';
import { AutoRepliesSettings } from './auto-replies';
import { CustomerLanguageSetting } from './customer-language';
import { AuditLog } from './audit';
import { RetentionSettings } from './retention';
import { Roles } from './roles';
import { TagsSettings } from './tags';
import { ContactAttributesSettings } from './contact-attributes';
import { AccountSecurity } from './account';
import { InviteLinks } from './invite-links';
import { ApprovalSettings } from './approvals';
import { AutomationSettings } from './automation/automation';
import { MacrosSettings } from './macros';

const SECTIONS: Array<[string, MessageKey]> = [
  ['profile', 'settings.profile'],
  ['account', 'settings.account'],
  ['members', 'settings.members'],
  ['teams', 'settings.teams'],
  ['roles', 'settings.roles'],
  ['channels', 'settings.channels'],
  ['saved-replies', 'settings.savedReplies'],
  ['tags', 'settings.tags'],
  ['contact-attributes', 'settings.contactAttributes'],
  ['tone-rules', 'settings.toneRules'],
  ['sla', 'settings.sla'],
  ['auto-replies', 'settings.autoReplies'],
  ['approvals', 'settings.approvals'],
  ['automation', 'settings.automation'],
  ['macros', 'settings.macros'],
  ['audit', 'settings.audit'],
  ['retention', 'settings.retention'],
];

/** Settings: my preferences for everyone; workspace configuration editable by whoever holds the permission for it. */
export default function Settings({ section }: { section: string }) {
  const { can, me } = useSession();
  return (
    <div className="settings">
      <nav className="settings-nav" aria-label={t('settings.title')}>
        <Link href="/inbox/mine" className="link-btn">
          ← {t('nav.inbox')}
        </Link>
        <h1>{t('settings.title')}</h1>
        <ul>
          {SECTIONS.map(([id, label]) => (
            <li key={id}>
              <Link href={`/settings/${id}`} className={section === id ? 'nav-item active' : 'nav-item'} aria-current={section === id ? 'page' : undefined}>
                {t(label)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main className="settings-body">
        {section === 'profile' && <Profile />}
        {section === 'members' && <Members admin={can('members.manage')} />}
        {section === 'members' && can('members.manage') && <InviteLinks />}
        {section === 'account' && <AccountSecurity />}
        {section === 'teams' && <Teams admin={can('members.manage')} />}
        {section === 'roles' && <Roles admin={can('members.manage')} />}
        {section === 'channels' && <Channels admin={can('channels.manage')} />}
        {section === 'saved-replies' && <SavedRepliesSettings editable={can('saved_replies.manage')} />}
        {section === 'tags' && <TagsSettings admin={can('tags.manage')} />}
        {section === 'contact-attributes' && <ContactAttributesSettings admin={can('settings.manage')} />}
        {section === 'tone-rules' && <ToneRulesSettings admin={can('settings.manage')} />}
        {section === 'sla' && <SlaSettings admin={can('settings.manage')} />}
        {section === 'auto-replies' && <CustomerLanguageSetting admin={can('settings.manage')} />}
        {section === 'auto-replies' && <AutoRepliesSettings admin={can('settings.manage')} />}
        {section === 'approvals' && <ApprovalSettings admin={can('settings.manage')} />}
        {section === 'automation' && <AutomationSettings admin={can('settings.manage')} />}
        {section === 'macros' && <MacrosSettings admin={can('settings.manage')} userId={me.user.id} />}
        {section === 'audit' && <AuditLog admin={can('audit.view')} />}
        {section === 'retention' && <RetentionSettings admin={can('settings.manage')} />}
      </main>
    </div>
  );
}
