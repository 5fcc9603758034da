import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { del, patch, post } from '../api/client';
import { keys, useRoles } from '../api/queries';
import type { CustomRole, Permission, RolesCatalog } from '../api/types';
import { t, type MessageKey } from '../i18n';
import { permissionLabel } from '../lib/permissions';
import { useDialogs } from '../components/dialog';

type Draft = { id: string | null; name: string; description: string; permissions: Set<Permission> };
const GROUPS = ['conversations', 'contacts', 'workspace', 'administration'] as const;

/** Settings → Roles: what the built-in roles allow, and the workspace's own roles (members.manage edits them). */
export function Roles({ admin }: { admin: boolean }) {
  const roles = useRoles();
  const qc = useQueryClient();
  const dialogs = useDialogs();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.roles });
    void qc.invalidateQueries({ queryKey: keys.members });
  };
  const run = (p: Promise<unknown>) =>
    p.then(
      () => {
        setMsg(null);
        refresh();
      },
      (e: Error) => setMsg(e.message),
    );
  const data = roles.data;
  const all = data?.permissions.length ?? 0;

  return (
    <section className="card" aria-labelledby="roles-title">
      <h2 id="roles-title">{t('settings.roles')}</h2>
      <p className="muted">{t('roles.help')}</p>
      {!admin && <p className="muted">{t('settings.adminOnly')}</p>}
      <h3>{t('roles.builtIn')}</h3>
      <table className="table">
        <tbody>
          {(data?.builtIn ?? []).map((b) => (
            <tr key={b.role}>
              <th scope="row">{t(`role.${b.role}`)}</th>
              <td>
                {b.permissions.length === all ? t('roles.allPermissions') : b.permissions.map(permissionLabel).join(', ')}
                {b.role === 'owner' && <span className="muted"> — {t('roles.ownerNote')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('roles.custom')}</h3>
      {data && !data.roles.length && <p className="muted">{t('roles.none')}</p>}
      {!!data?.roles.length && (
        <table className="table" aria-label={t('roles.custom')}>
          <tbody>
            {data.roles.map((r) => (
              <tr key={r.id} data-testid="custom-role">
                <th scope="row">
                  {r.name}
                  {r.description && <div className="muted small">{r.description}</div>}
                </th>
                <td>{r.permissions.map(permissionLabel).join(', ')}</td>
                <td className="muted small">{t('roles.inUse', { members: r.members, places: r.teamPlaces })}</td>
                <td>
                  {admin && (
                    <>
                      <button className="btn ghost small" onClick={() => setDraft(toDraft(r))}>
                        {t('roles.edit')}
                      </button>{' '}
                      <button
                        className="btn ghost small"
                        onClick={async () =>
                          (await dialogs.confirm({
                            title: t('roles.delete'),
                            body: t('roles.confirmDelete', { name: r.name }),
                            confirmLabel: t('roles.delete'),
                            danger: true,
                          })) && run(del(`/roles/${r.id}`))
                        }
                      >
                        {t('roles.delete')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin && !draft && (
        <div>
          <button className="btn primary" onClick={() => setDraft({ id: null, name: '', description: '', permissions: new Set(['conversations.view']) })}>
            {t('roles.new')}
          </button>
        </div>
      )}
      {admin && draft && data && (
        <RoleEditor
          draft={draft}
          catalog={data}
          onChange={setDraft}
          onCancel={() => setDraft(null)}
          onSave={async () => {
            const body = { name: draft.name.trim(), description: draft.description.trim(), permissions: [...draft.permissions] };
            try {
              await (draft.id ? patch(`/roles/${draft.id}`, body) : post('/roles', body));
              setDraft(null);
              setMsg(null);
              refresh();
            } catch (e) {
              setMsg((e as Error).message);
            }
          }}
        />
      )}
      {msg && <p role="status">{msg}</p>}
    </section>
  );
}

const toDraft = (r: CustomRole): Draft => ({ id: r.id, name: r.name, description: r.description, permissions: new Set(r.permissions) });

/** The permissions in their groups, each with what it allows (the server's catalog). */
function RoleEditor({
  draft,
  catalog,
  onChange,
  onCancel,
  onSave,
}: {
  draft: Draft;
  catalog: RolesCatalog;
  onChange: (d: Draft) => void;
  onCancel: () => void;
  onSave: () => Promise<void>;
}) {
  const toggle = (p: Permission, on: boolean) => {
    const next = new Set(draft.permissions);
    if (on) next.add(p);
    else next.delete(p);
    onChange({ ...draft, permissions: next });
  };
  return (
    <form
      className="col-form role-editor"
      aria-label={draft.id ? t('roles.editTitle', { name: draft.name }) : t('roles.new')}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave();
      }}
    >
      <h3>{draft.id ? t('roles.editTitle', { name: draft.name }) : t('roles.new')}</h3>
      <label>
        {t('roles.name')}
        <input required maxLength={80} value={draft.name} onChange={(e) => onChange({ ...draft, name: e.target.value })} />
      </label>
      <label>
        {t('roles.description')}
        <input maxLength={500} value={draft.description} onChange={(e) => onChange({ ...draft, description: e.target.value })} />
      </label>
      {GROUPS.map((g) => (
        <fieldset key={g} className="plain">
          <legend>{t(`roles.group.${g}` as MessageKey)}</legend>
          {catalog.permissions
            .filter((p) => p.group === g)
            .map((p) => (
              <label key={p.name} className="check perm">
                <input type="checkbox" checked={draft.permissions.has(p.name)} onChange={(e) => toggle(p.name, e.target.checked)} />
                <span>
                  {permissionLabel(p.name)} <code className="muted small">{p.name}</code>
                  <br />
                  <small className="muted">{p.doc}</small>
                </span>
              </label>
            ))}
        </fieldset>
      ))}
      <div className="row">
        <button className="btn primary">{t('roles.save')}</button>{' '}
        <button type="button" className="btn ghost" onClick={onCancel}>
          {t('roles.cancel')}
        </button>
      </div>
    </form>
  );
}
