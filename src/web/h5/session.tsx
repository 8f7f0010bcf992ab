import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useState } from 'react';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import type { TMe } from '../../shared/auth.ts';
import type { ZNotificationPage } from '../../shared/notifications.ts';
import { api, authApi } from '../shared/api.ts';
import { meQueryKey, useMe, useSignOutOn401 } from '../shared/session.ts';
import { forgetDrafts } from './drafts.tsx';

export { meQueryKey, useMe, useSignOutOn401 };

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
      forgetDrafts();
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
