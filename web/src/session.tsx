import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Me, Permission } from './api/types';
import { LiveStream } from './realtime/stream';
import { useNotifications } from './realtime/notifications';

interface Session {
  me: Me;
  stream: LiveStream;
  /** The workspace role allows it (the server checks again; this only hides what would be refused). */
  can: (p: Permission) => boolean;
  /** Allowed on a conversation of this team: the workspace role, or the member's role in that team. */
  canOn: (teamId: string | null, p: Permission) => boolean;
  /** Allowed somewhere: by the workspace role or in any of the member's teams (e.g. the queue's bulk bar). */
  canSomewhere: (p: Permission) => boolean;
}

const Ctx = createContext<Session | null>(null);

/** The signed-in person, their permission checks, and the one live stream of the session. */
export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const qc = useQueryClient();
  const [stream] = useState(() => new LiveStream(qc));
  useEffect(() => {
    stream.start();
    return () => stream.stop();
  }, [stream]);
  const value = useMemo(() => {
    // An older server answers without permissions: nothing is offered rather than everything.
    const own = new Set(me.permissions ?? []);
    const teams = me.teamPermissions ?? {};
    const can = (p: Permission) => own.has(p);
    const canOn = (teamId: string | null, p: Permission) => own.has(p) || (!!teamId && !!teams[teamId]?.includes(p));
    const canSomewhere = (p: Permission) => own.has(p) || Object.values(teams).some((ps) => ps.includes(p));
    return { me, stream, can, canOn, canSomewhere };
  }, [me, stream]);
  useNotifications(value);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function useStreamStatus() {
  const { stream } = useSession();
  return useSyncExternalStore(
    (cb) => stream.onStatus(cb),
    () => stream.status,
  );
}
