import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Me, Role } from './api/types';
import { LiveStream } from './realtime/stream';
import { useNotifications } from './realtime/notifications';

interface Session {
  me: Me;
  stream: LiveStream;
  can: (role: Role) => boolean;
}

const Ctx = createContext<Session | null>(null);
const rank: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

/** The signed-in person, their role checks, and the one live stream of the session. */
export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const qc = useQueryClient();
  const [stream] = useState(() => new LiveStream(qc));
  useEffect(() => {
    stream.start();
    return () => stream.stop();
  }, [stream]);
  const value = useMemo(() => ({ me, stream, can: (r: Role) => rank[me.role] >= rank[r] }), [me, stream]);
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
