import type { ReactNode } from 'react';
import { ErrorPage } from './pages/ErrorPage.tsx';
import { useSession } from './session.tsx';

/** Shows the 403 page instead of a page the active role may not open. */
export function RequirePermission({ action, children }: { action: string; children: ReactNode }) {
  const { can } = useSession();
  return can(action) ? children : <ErrorPage kind="403" />;
}
