import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import type { TMe } from '../../shared/auth.ts';
import type { ZNotificationPage } from '../../shared/notifications.ts';
import { ApiError, api, authApi, onUnauthorized } from '../shared/api.ts';

export const meQueryKey = ['auth', 'me'] as const;

/** Loads /auth/me once; null while signed out. */
export function useMe() {
  return useQuery<TMe | null>({
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
}

/** Any 401 (session expired, signed out elsewhere) signs this page out; the gate then shows 登录. */
export function useSignOutOn401() {
  const client = useQueryClient();
  useEffect(
    () =>
      onUnauthorized(() => {
        client.setQueryData(meQueryKey, null);
        client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      }),
    [client],
  );
}

const MeContext = createContext<TMe | null>(null);

export function MeProvider({ me, children }: { me: TMe; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

/** The signed-in account; only below the signed-in gate. */
export function useSignedInMe(): TMe {
  const me = useContext(MeContext);
  if (!me) throw new Error('useSignedInMe outside a signed-in page');
  return me;
}

export type NotificationPage = z.infer<typeof ZNotificationPage>;

export const notificationsKey = ['notifications', 'latest'] as const;

/** The latest five messages and the unread count (home card and the tab badge). */
export function useLatestNotifications() {
  return useQuery({
    queryKey: notificationsKey,
    queryFn: () => api.get<NotificationPage>('/api/v1/notifications', { pageSize: 5 }),
    staleTime: 30_000,
  });
}

/** Sign out, forget every cached answer and go to 登录. */
export function useLogout() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const logout = async () => {
    setBusy(true);
    setError(null);
    try {
      await authApi.logout();
      client.setQueryData(meQueryKey, null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      navigate('/login', { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return { logout, busy, error };
}
