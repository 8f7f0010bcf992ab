import { QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { TMe } from '../../shared/auth.ts';
import { ApiError, authApi, onUnauthorized } from './api.ts';

/** The React Query client both faces use. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // 4xx answers will not fix themselves: do not retry them.
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

export const meQueryKey = ['auth', 'me'] as const;

/** Loads /auth/session once; null while signed out. */
export function useMe() {
  return useQuery<TMe | null>({
    queryKey: meQueryKey,
    queryFn: () => authApi.session(),
    staleTime: 60_000,
  });
}

/** Any 401 (session expired, signed out elsewhere) signs this page out; the gate then shows the login. */
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
