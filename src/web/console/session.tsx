import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import type { TMe } from '../../shared/auth.ts';
import { ApiError, authApi, onUnauthorized } from '../shared/api.ts';

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

export const meQueryKey = ['auth', 'me'] as const;

/** Loads /auth/me once; null while signed out. */
export function useMe() {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: meQueryKey,
    queryFn: async () => {
      try {
        return await authApi.me();
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
  useEffect(() => onUnauthorized(() => client.setQueryData(meQueryKey, null)), [client]);
  return query;
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
