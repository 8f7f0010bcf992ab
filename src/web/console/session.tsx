import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import type { TMe } from '../../shared/auth.ts';
import { meQueryKey, useMe as useSharedMe, useSignOutOn401 } from '../shared/session.ts';

export interface Session {
  me: TMe;
  /** May the active role do this action (in its org subtree)? */
  can(action: string): boolean;
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

export { meQueryKey };

/** Loads /auth/session once (null while signed out); any later 401 signs the page out. */
export function useMe() {
  useSignOutOn401();
  return useSharedMe();
}

export function SessionProvider({ me, children }: { me: TMe; children: ReactNode }) {
  const client = useQueryClient();
  const permissions = new Set(me.permissions);
  const value: Session = {
    me,
    can: (action) => permissions.has(action),
    refresh: async () => {
      await client.invalidateQueries();
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
