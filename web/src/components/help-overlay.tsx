import { useEffect, useRef } from 'react';
import { Link } from 'wouter';
import { t, type MessageKey } from '../i18n';

export const SHORTCUTS: Array<[string, MessageKey]> = [
  ['j', 'help.j'],
  ['k', 'help.k'],
  ['x', 'help.x'],
  ['r', 'help.r'],
  ['n', 'help.n'],
  ['e', 'help.e'],
  ['a', 'help.a'],
  ['!', 'help.spam'],
  ['m / Ctrl+K', 'help.macros'],
  ['/', 'help.slash'],
  ['Ctrl+Enter', 'help.send'],
  ['Esc', 'help.esc'],
  ['?', 'help.help'],
];

/** The list of shortcuts, in a native modal dialog (focus trap and Esc for free). */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="help-title" onClose={onClose} onCancel={onClose}>
      <h2 id="help-title">{t('help.title')}</h2>
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
      <p>
        <Link href="/help" onClick={onClose}>
          {t('help.guides')}
        </Link>
      </p>
      <button className="btn primary" onClick={onClose} autoFocus>
        {t('help.close')}
      </button>
    </dialog>
  );
}
