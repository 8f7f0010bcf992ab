import { Component, lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes, useLocation, useSearchParams } from 'react-router';
import { FullPageSpinner } from './components.tsx';
import { IconGrid, IconHome, IconUser } from './icons.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { LoginPage, safeNext } from './pages/LoginPage.tsx';
import { MePage } from './pages/MePage.tsx';
import { PasswordPage } from './pages/PasswordPage.tsx';
import { RegisterPage } from './pages/RegisterPage.tsx';
import { ServicesPage } from './pages/ServicesPage.tsx';
import { MeProvider, useLatestNotifications, useMe, useSignOutOn401 } from './session.tsx';

/** 困难帮扶 is loaded on first visit, so the first load stays small. */
const HardshipRoutes = lazy(() => import('./pages/hardship/HardshipRoutes.tsx'));
/** 微心愿 likewise; its wall and wish pages are public. */
const WishRoutes = lazy(() => import('./pages/wishes/WishRoutes.tsx'));
/** 及时送 likewise; its duty page (hotlines, who is on duty, complaints) is public. */
const ErrandRoutes = lazy(() => import('./pages/errands/ErrandRoutes.tsx'));
/** 云履职 (representatives, proposals) and 职工事大家议 likewise; members only. */
const ProposalRoutes = lazy(() => import('./pages/proposals/ProposalRoutes.tsx'));
const DutyRoutes = lazy(() => import('./pages/duty/DutyRoutes.tsx'));
const SurveyRoutes = lazy(() => import('./pages/surveys/SurveyRoutes.tsx'));

export function App() {
  useSignOutOn401();
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <SignedOutOnly>
            <LoginPage />
          </SignedOutOnly>
        }
      />
      <Route
        path="/register"
        element={
          <SignedOutOnly>
            <RegisterPage />
          </SignedOutOnly>
        }
      />
      <Route path="/wishes/*" element={<PublicOrSignedIn routes={<WishRoutes />} />} />
      <Route path="/errands/*" element={<PublicOrSignedIn routes={<ErrandRoutes />} />} />
      <Route path="/*" element={<SignedIn />} />
    </Routes>
  );
}

/**
 * Public module pages (微心愿: the wall, a wish's shareable page, the 感谢榜; 及时送: the duty page) are
 * open to anyone, so they sit outside the sign-in gate. A signed-in visitor gets them inside the usual
 * shell with the tab bar; the pages that need an account (我的心愿, 我的认领) send a signed-out visitor
 * to 登录 themselves.
 */
function PublicOrSignedIn({ routes }: { routes: ReactNode }) {
  const { data: me, isPending } = useMe();
  if (isPending) return <FullPageSpinner />;
  const page = (
    <ChunkBoundary>
      <Suspense fallback={<FullPageSpinner />}>{routes}</Suspense>
    </ChunkBoundary>
  );
  // An error loading the session is treated as signed out: the public pages still work.
  if (!me) return <div className="h5-shell">{page}</div>;
  if (me.user.mustChangePassword) return <Navigate to="/me/password" replace />;
  return (
    <MeProvider me={me}>
      <div className="h5-shell has-tabbar">
        {page}
        <TabBar />
      </div>
    </MeProvider>
  );
}

/**
 * Login and sign-up: a signed-in visitor goes on to `next` (or 首页). This also runs right after a
 * successful sign-in, so it must agree with where the login page sends the user.
 */
function SignedOutOnly({ children }: { children: ReactNode }) {
  const { data: me } = useMe();
  const [params] = useSearchParams();
  if (me) return <Navigate to={safeNext(params.get('next'))} replace />;
  return <>{children}</>;
}

function LoadError({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="h5-fullpage">
      <div className="h5-empty">
        <p className="h5-empty-title">{t('ui.loadFailed')}</p>
        <p className="h5-muted">{t('err.network')}</p>
        <button type="button" className="h5-btn h5-btn-primary" onClick={onRetry}>
          {t('ui.retry')}
        </button>
      </div>
    </main>
  );
}

/**
 * A lazy page whose script cannot be fetched (offline, or a new release replaced the file the cached
 * page asks for) shows the load-error screen; retrying reloads the page to get the current files.
 */
class ChunkBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <LoadError onRetry={() => window.location.reload()} /> : this.props.children;
  }
}

function SignedIn() {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  if (isPending) return <FullPageSpinner />;
  if (error) return <LoadError onRetry={() => void refetch()} />;
  if (!me) {
    const next =
      location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  const onPasswordPage = location.pathname === '/me/password';
  if (me.user.mustChangePassword && !onPasswordPage) return <Navigate to="/me/password" replace />;
  return (
    <MeProvider me={me}>
      <div className={`h5-shell${onPasswordPage ? '' : ' has-tabbar'}`}>
        <Routes>
          <Route index element={<HomePage />} />
          <Route path="services" element={<ServicesPage />} />
          <Route path="me" element={<MePage />} />
          <Route path="me/password" element={<PasswordPage />} />
          <Route
            path="hardship/*"
            element={
              <ChunkBoundary>
                <Suspense fallback={<FullPageSpinner />}>
                  <HardshipRoutes />
                </Suspense>
              </ChunkBoundary>
            }
          />
          <Route
            path="congress/*"
            element={
              <ChunkBoundary>
                <Suspense fallback={<FullPageSpinner />}>
                  <ProposalRoutes />
                </Suspense>
              </ChunkBoundary>
            }
          />
          <Route
            path="duty/*"
            element={
              <ChunkBoundary>
                <Suspense fallback={<FullPageSpinner />}>
                  <DutyRoutes />
                </Suspense>
              </ChunkBoundary>
            }
          />
          <Route
            path="surveys/*"
            element={
              <ChunkBoundary>
                <Suspense fallback={<FullPageSpinner />}>
                  <SurveyRoutes />
                </Suspense>
              </ChunkBoundary>
            }
          />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
        {onPasswordPage ? null : <TabBar />}
      </div>
    </MeProvider>
  );
}

const tabs = [
  { to: '/', label: 'tab.home', icon: <IconHome />, end: true },
  { to: '/services', label: 'tab.services', icon: <IconGrid />, end: false },
  { to: '/me', label: 'tab.me', icon: <IconUser />, end: false },
] as const;

function TabBar() {
  const { t } = useTranslation();
  // Same cached query as the home card: a dot on 首页 while messages are unread.
  const { data } = useLatestNotifications();
  const unread = data?.unreadCount ?? 0;
  return (
    <nav className="h5-tabbar" aria-label={t('tab.label')} data-testid="h5-tabbar">
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end} className="h5-tab">
          <span className="h5-tab-icon">
            {tab.icon}
            {tab.to === '/' && unread > 0 ? (
              <span className="h5-tab-badge">
                <span className="h5-sr-only">{t('home.unread', { count: unread })}</span>
              </span>
            ) : null}
          </span>
          <span className="h5-tab-label">{t(tab.label)}</span>
        </NavLink>
      ))}
    </nav>
  );
}
