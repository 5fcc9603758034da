import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { post } from '../api/client';
import { errorText, sentence } from '../api/error-text';
import { keys } from '../api/queries';
import { type ConversationDetail, type Message, MODERATION_ACTIONS, type ModerationAction } from '../api/types';
import { t, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { useDialogs } from './dialog';

/** A customer's public comment the network knows: the only kind of message moderation applies to. */
export const isModeratable = (m: Message) => m.direction === 'in' && m.visibility === 'public' && !!m.externalId;

/** Queues one action through the API (the outbox does the rest); the thread re-reads itself. */
export function useModerate(c: ConversationDetail) {
  const qc = useQueryClient();
  return async (m: Message, action: ModerationAction) => {
    await post(`/conversations/${c.id}/messages/${m.id}/moderation`, { action });
    void qc.invalidateQueries({ queryKey: keys.conversation(c.id) });
  };
}

/**
 * Under a customer's public comment: what the network shows now (hidden, liked, author blocked),
 * what is on its way or was refused — in the network's own words — and, for those who may
 * moderate, a small menu with the actions the channel's network allows. An action the network
 * has no API for is shown disabled with the reason, so nobody looks for it elsewhere.
 */
export function ModerationBar({ m, c }: { m: Message; c: ConversationDetail }) {
  const caps = c.channel.capabilities.moderation;
  const { canOn } = useSession();
  const dialogs = useDialogs();
  const moderate = useModerate(c);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!caps || !isModeratable(m)) return null;
  const network = caps.networkName;
  const may = canOn(c.teamId, 'conversations.moderate');
  const mod = m.moderation ?? null;
  const pending = mod?.status === 'queued';
  const blocked = c.contact.identities.some((i) => i.blockedAt);

  const run = async (action: ModerationAction) => {
    setOpen(false);
    setError(null);
    if (action === 'delete') {
      const ok = await dialogs.confirm({
        title: t('mod.confirmDelete', { network }),
        body: t('mod.confirmDeleteBody', { network }),
        confirmLabel: t('mod.delete'),
        danger: true,
      });
      if (!ok) return;
    }
    if (action === 'block') {
      const ok = await dialogs.confirm({
        title: t('mod.confirmBlock', { name: c.contact.name ?? t('msg.customer'), network }),
        body: t('mod.confirmBlockBody', { network }),
        confirmLabel: t('mod.block'),
        danger: true,
      });
      if (!ok) return;
    }
    await moderate(m, action).catch((e: unknown) => setError(errorText(e)));
  };

  // Which actions make sense now: hide or unhide (not both), nothing more on a deleted comment.
  const offered = MODERATION_ACTIONS.filter((a) => (a === 'hide' ? !m.hiddenAt : a === 'unhide' ? !!m.hiddenAt : true));
  const why = (a: ModerationAction): string | null => {
    if (!caps.actions.includes(a)) return caps.unavailable[a] ? sentence(caps.unavailable[a]!) : t('error.capability_unsupported');
    if (a === 'like' && m.likedAt) return t('mod.liked', { network });
    if (a === 'block' && blocked) return t('mod.authorBlocked', { network });
    return null;
  };

  return (
    <footer className="moderation" data-testid="moderation" data-hidden={m.hiddenAt ? 'true' : 'false'} data-status={mod?.status ?? 'none'}>
      {m.hiddenAt && !m.deleted && (
        <span className="mod-state hidden" data-testid="hidden-badge">
          {t('mod.hidden', { network })}
        </span>
      )}
      {m.likedAt && !m.deleted && <span className="mod-state">{t('mod.liked', { network })}</span>}
      {blocked && <span className="mod-state">{t('mod.authorBlocked', { network })}</span>}
      {pending && mod && (
        <span className="mod-state pending" role="status">
          {t(`mod.pending.${mod.action}` as MessageKey, { network })}
          {mod.error && ` ${t('mod.retrying', { reason: mod.error })}`}
        </span>
      )}
      {mod?.status === 'failed' && (
        <span className="mod-state failed" role="alert" data-testid="moderation-error">
          {t('mod.failed', { network, reason: sentence(mod.error ?? '') })}
        </span>
      )}
      {error && (
        <span className="mod-state failed" role="alert">
          {error}
        </span>
      )}
      {may && !m.deleted && !pending && (
        <span className="mod-menu">
          <button className="btn small ghost" aria-expanded={open} aria-label={t('mod.menuLabel', { network })} onClick={() => setOpen((o) => !o)}>
            {t('mod.menu')} ▾
          </button>
          {open && (
            <span className="mod-actions" role="menu">
              {offered.map((a) => {
                const reason = why(a);
                return (
                  <button
                    key={a}
                    role="menuitem"
                    className={`btn small${a === 'delete' || a === 'block' ? ' danger' : ''}`}
                    disabled={!!reason}
                    title={reason ?? undefined}
                    onClick={() => void run(a)}
                  >
                    {t(`mod.${a}` as MessageKey)}
                    {reason && <span className="mod-reason">{reason}</span>}
                  </button>
                );
              })}
            </span>
          )}
        </span>
      )}
    </footer>
  );
}

/**
 * After "Move to private": the customer's public comments that carry personal details (as the
 * triage engine found them) and are still shown, with one button to hide them on the network.
 */
export function HidePublicOffer({ c }: { c: ConversationDetail }) {
  const { canOn } = useSession();
  const moderate = useModerate(c);
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);
  const caps = c.channel.capabilities.moderation;
  if (!caps?.actions.includes('hide') || !canOn(c.teamId, 'conversations.moderate')) return null;
  const targets = c.messages.filter(
    (m) => isModeratable(m) && !m.deleted && !m.hiddenAt && m.moderation?.status !== 'queued' && (m.analysis?.pii?.length ?? 0) > 0,
  );
  if (!targets.length && state !== 'done') return null;
  return (
    <p className="hide-offer" role="status" data-testid="hide-offer">
      {state === 'done' ? (
        t('mod.offerHidden', { network: caps.networkName })
      ) : (
        <>
          {t('mod.offerHide')}{' '}
          <button
            className="btn small primary"
            disabled={state === 'busy'}
            onClick={async () => {
              setState('busy');
              setError(null);
              try {
                for (const m of targets) await moderate(m, 'hide');
                setState('done');
              } catch (e) {
                setError(errorText(e));
                setState('idle');
              }
            }}
          >
            {t('mod.offerHideButton')}
          </button>
        </>
      )}
      {error && <span className="mod-state failed">{error}</span>}
    </p>
  );
}
