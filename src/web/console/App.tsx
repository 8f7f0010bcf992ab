import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
// Chinese month and weekday names for every date picker.
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ConsoleLayout } from './Layout.tsx';
import { ErrorPage, PageBoundary } from './pages/ErrorPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { WorkbenchPage } from './pages/WorkbenchPage.tsx';
import { RequirePermission } from './RequirePermission.tsx';
import { SessionProvider, useMe } from './session.tsx';

// Each management page is its own chunk.
const OrgsPage = lazy(() => import('./pages/OrgsPage.tsx'));
const UsersPage = lazy(() => import('./pages/UsersPage.tsx'));
const AuditPage = lazy(() => import('./pages/AuditPage.tsx'));
const HardshipPage = lazy(() => import('./pages/HardshipPage.tsx'));
const HardshipDetailPage = lazy(() => import('./pages/HardshipDetailPage.tsx'));
const HardshipStatsPage = lazy(() => import('./pages/HardshipStatsPage.tsx'));
const HardshipTransfersPage = lazy(() => import('./pages/HardshipTransfersPage.tsx'));
const WishesPage = lazy(() => import('./pages/WishesPage.tsx'));
const WishDetailPage = lazy(() => import('./pages/WishDetailPage.tsx'));
const WishActivitiesPage = lazy(() => import('./pages/WishActivitiesPage.tsx'));
const WishStatsPage = lazy(() => import('./pages/WishStatsPage.tsx'));
const SupplyRequestsPage = lazy(() => import('./pages/SupplyRequestsPage.tsx'));
const SupplyRequestFormPage = lazy(() => import('./pages/SupplyRequestFormPage.tsx'));
const SupplyRequestDetailPage = lazy(() => import('./pages/SupplyRequestDetailPage.tsx'));
const SupplySpecialPage = lazy(() => import('./pages/SupplySpecialPage.tsx'));
const SupplyCataloguePage = lazy(() => import('./pages/SupplyCataloguePage.tsx'));
const SupplyPointsPage = lazy(() => import('./pages/SupplyPointsPage.tsx'));
const SupplyShipmentsPage = lazy(() => import('./pages/SupplyShipmentsPage.tsx'));
const SupplyShipmentDetailPage = lazy(() => import('./pages/SupplyShipmentDetailPage.tsx'));
const SupplyStatsPage = lazy(() => import('./pages/SupplyStatsPage.tsx'));
const ErrandsPage = lazy(() => import('./pages/ErrandsPage.tsx'));
const ErrandIntakePage = lazy(() => import('./pages/ErrandIntakePage.tsx'));
const ErrandDetailPage = lazy(() => import('./pages/ErrandDetailPage.tsx'));
const ErrandOverduePage = lazy(() => import('./pages/ErrandOverduePage.tsx'));
const ErrandRosterPage = lazy(() => import('./pages/ErrandRosterPage.tsx'));
const ErrandComplaintsPage = lazy(() => import('./pages/ErrandComplaintsPage.tsx'));
const ErrandStatsPage = lazy(() => import('./pages/ErrandStatsPage.tsx'));
const ProposalsPage = lazy(() => import('./pages/ProposalsPage.tsx'));
const ProposalDetailPage = lazy(() => import('./pages/ProposalDetailPage.tsx'));
const CongressesPage = lazy(() => import('./pages/CongressesPage.tsx'));
const SuperviseBoardPage = lazy(() => import('./pages/SuperviseBoardPage.tsx'));
const AppealsPage = lazy(() => import('./pages/AppealsPage.tsx'));
const AppealDetailPage = lazy(() => import('./pages/AppealDetailPage.tsx'));
const AppealCommentsPage = lazy(() => import('./pages/AppealCommentsPage.tsx'));
const ReferralsPage = lazy(() => import('./pages/ReferralsPage.tsx'));
const ReferralDetailPage = lazy(() => import('./pages/ReferralDetailPage.tsx'));
const ProposalStatsPage = lazy(() => import('./pages/ProposalStatsPage.tsx'));
const DutyLeaderboardPage = lazy(() => import('./pages/DutyLeaderboardPage.tsx'));
const DutyProfilePage = lazy(() => import('./pages/DutyProfilePage.tsx'));
const DutyRecordsPage = lazy(() => import('./pages/DutyRecordsPage.tsx'));
const DutySessionsPage = lazy(() => import('./pages/DutySessionsPage.tsx'));
const DutySessionDetailPage = lazy(() => import('./pages/DutySessionDetailPage.tsx'));
const DutySchemePage = lazy(() => import('./pages/DutySchemePage.tsx'));
const SurveysPage = lazy(() => import('./pages/SurveysPage.tsx'));
const SurveyFormPage = lazy(() => import('./pages/SurveyFormPage.tsx'));
const SurveyResultsPage = lazy(() => import('./pages/SurveyResultsPage.tsx'));

/** The union's red, with focus rings kept visible for keyboard users. */
const theme = {
  token: { colorPrimary: '#c8102e', borderRadius: 6, fontSize: 14 },
};
/** The same without Ant Design's motion, for people whose system asks for less (dialogs, menus appear at once). */
const stillTheme = { token: { ...theme.token, motion: false } };

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
const subscribeMotion = (onChange: () => void) => {
  const query = window.matchMedia(REDUCED_MOTION);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

export function App() {
  const { i18n } = useTranslation();
  dayjs.locale(i18n.language === 'en-US' ? 'en' : 'zh-cn');
  const reducedMotion = useSyncExternalStore(
    subscribeMotion,
    () => window.matchMedia(REDUCED_MOTION).matches,
  );
  return (
    <ConfigProvider
      locale={i18n.language === 'en-US' ? enUS : zhCN}
      theme={reducedMotion ? stillTheme : theme}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/*" element={<SignedIn />} />
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}

function FullPageSpin() {
  return (
    <div style={{ display: 'grid', placeItems: 'center', height: '60vh' }}>
      <Spin size="large" />
    </div>
  );
}

function SignedIn() {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  if (isPending) return <FullPageSpin />;
  if (error) return <ErrorPage kind="500" onRetry={() => void refetch()} />;
  if (!me)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <SessionProvider me={me}>
      <ConsoleLayout>
        <PageBoundary path={location.pathname}>
          <Suspense fallback={<FullPageSpin />}>
            <Routes>
              <Route index element={<WorkbenchPage />} />
              <Route
                path="orgs"
                element={
                  <RequirePermission action="org.view">
                    <OrgsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="users"
                element={
                  <RequirePermission action="user.view">
                    <UsersPage />
                  </RequirePermission>
                }
              />
              <Route
                path="audit"
                element={
                  <RequirePermission action="audit.view">
                    <AuditPage />
                  </RequirePermission>
                }
              />
              <Route
                path="hardship"
                element={
                  <RequirePermission action="hardship.view">
                    <HardshipPage />
                  </RequirePermission>
                }
              />
              <Route
                path="hardship/transfers"
                element={
                  <RequirePermission action="hardship.view">
                    <HardshipTransfersPage />
                  </RequirePermission>
                }
              />
              <Route
                path="stats/hardship"
                element={
                  <RequirePermission action="hardship.view">
                    <HardshipStatsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="hardship/:id"
                element={
                  <RequirePermission action="hardship.view">
                    <HardshipDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="wishes"
                element={
                  <RequirePermission action="wish.view">
                    <WishesPage />
                  </RequirePermission>
                }
              />
              {/* 认领活动: the list, and one event (its claims, bulk entry). */}
              {['wishes/activities', 'wishes/activities/:id'].map((path) => (
                <Route
                  key={path}
                  path={path}
                  element={
                    <RequirePermission action="wish.view">
                      <WishActivitiesPage />
                    </RequirePermission>
                  }
                />
              ))}
              <Route
                path="wishes/:id"
                element={
                  <RequirePermission action="wish.view">
                    <WishDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="stats/wishes"
                element={
                  <RequirePermission action="wishes.stats">
                    <WishStatsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="supplies/requests"
                element={
                  <RequirePermission action="supplies.view">
                    <SupplyRequestsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="supplies/requests/new"
                element={
                  <RequirePermission action="supplies.view">
                    <SupplyRequestFormPage />
                  </RequirePermission>
                }
              />
              <Route
                path="supplies/requests/:id"
                element={
                  <RequirePermission action="supplies.view">
                    <SupplyRequestDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="supplies/special"
                element={
                  <RequirePermission action="supplies.view">
                    <SupplySpecialPage />
                  </RequirePermission>
                }
              />
              <Route
                path="supplies/catalogue"
                element={
                  <RequirePermission action="supplies.catalogue.view">
                    <SupplyCataloguePage />
                  </RequirePermission>
                }
              />
              <Route
                path="supplies/points"
                element={
                  <RequirePermission action="supplies.view">
                    <SupplyPointsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="supplies/shipments"
                element={
                  <RequirePermission action="supplies.shipments.view">
                    <SupplyShipmentsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="supplies/shipments/:id"
                element={
                  <RequirePermission action="supplies.shipments.view">
                    <SupplyShipmentDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="stats/supplies"
                element={
                  <RequirePermission action="supplies.stats">
                    <SupplyStatsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="errands"
                element={
                  <RequirePermission action="errands.view">
                    <ErrandsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="errands/new"
                element={
                  <RequirePermission action="errands.intake">
                    <ErrandIntakePage />
                  </RequirePermission>
                }
              />
              <Route
                path="errands/overdue"
                element={
                  <RequirePermission action="errands.view">
                    <ErrandOverduePage />
                  </RequirePermission>
                }
              />
              <Route
                path="errands/roster"
                element={
                  <RequirePermission action="errands.view">
                    <ErrandRosterPage />
                  </RequirePermission>
                }
              />
              <Route
                path="errands/complaints"
                element={
                  <RequirePermission action="errands.view">
                    <ErrandComplaintsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="errands/:id"
                element={
                  <RequirePermission action="errands.view">
                    <ErrandDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="stats/errands"
                element={
                  <RequirePermission action="errands.stats">
                    <ErrandStatsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="proposals"
                element={
                  <RequirePermission action="proposals.view">
                    <ProposalsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="proposals/handling"
                element={
                  <RequirePermission action="proposals.handle">
                    <ProposalsPage scope="handling" />
                  </RequirePermission>
                }
              />
              <Route
                path="proposals/congresses"
                element={
                  <RequirePermission action="proposals.view">
                    <CongressesPage />
                  </RequirePermission>
                }
              />
              <Route
                path="proposals/board"
                element={
                  <RequirePermission action="proposals.view">
                    <SuperviseBoardPage />
                  </RequirePermission>
                }
              />
              <Route
                path="proposals/:id"
                element={
                  <RequirePermission action="proposals.view">
                    <ProposalDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="proposals/handling/:id"
                element={
                  <RequirePermission action="proposals.handle">
                    <ProposalDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="appeals"
                element={
                  <RequirePermission action="proposals.view">
                    <AppealsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="appeals/comments"
                element={
                  <RequirePermission action="proposals.appeals.triage">
                    <AppealCommentsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="appeals/:id"
                element={
                  <RequirePermission action="proposals.view">
                    <AppealDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="referrals"
                element={
                  <RequirePermission action="proposals.referrals">
                    <ReferralsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="referrals/assigned"
                element={
                  <RequirePermission action="proposals.referrals.partner">
                    <ReferralsPage scope="partner" />
                  </RequirePermission>
                }
              />
              <Route
                path="referrals/:id"
                element={
                  <RequirePermission action="proposals.referrals">
                    <ReferralDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="referrals/assigned/:id"
                element={
                  <RequirePermission action="proposals.referrals.partner">
                    <ReferralDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="stats/proposals"
                element={
                  <RequirePermission action="proposals.stats">
                    <ProposalStatsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="duty/leaderboard"
                element={
                  <RequirePermission action="duty.view">
                    <DutyLeaderboardPage />
                  </RequirePermission>
                }
              />
              <Route
                path="duty/representatives/:id"
                element={
                  <RequirePermission action="duty.view">
                    <DutyProfilePage />
                  </RequirePermission>
                }
              />
              <Route
                path="duty/records"
                element={
                  <RequirePermission action="duty.view">
                    <DutyRecordsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="duty/sessions"
                element={
                  <RequirePermission action="duty.view">
                    <DutySessionsPage />
                  </RequirePermission>
                }
              />
              <Route
                path="duty/sessions/:id"
                element={
                  <RequirePermission action="duty.view">
                    <DutySessionDetailPage />
                  </RequirePermission>
                }
              />
              <Route
                path="duty/scheme"
                element={
                  <RequirePermission action="duty.view">
                    <DutySchemePage />
                  </RequirePermission>
                }
              />
              <Route
                path="surveys"
                element={
                  <RequirePermission action="surveys.view">
                    <SurveysPage />
                  </RequirePermission>
                }
              />
              <Route
                path="surveys/new"
                element={
                  <RequirePermission action="surveys.manage">
                    <SurveyFormPage />
                  </RequirePermission>
                }
              />
              <Route
                path="surveys/:id/edit"
                element={
                  <RequirePermission action="surveys.manage">
                    <SurveyFormPage />
                  </RequirePermission>
                }
              />
              <Route
                path="surveys/:id"
                element={
                  <RequirePermission action="surveys.view">
                    <SurveyResultsPage />
                  </RequirePermission>
                }
              />
              <Route path="403" element={<ErrorPage kind="403" />} />
              <Route path="*" element={<ErrorPage kind="404" />} />
            </Routes>
          </Suspense>
        </PageBoundary>
      </ConsoleLayout>
    </SessionProvider>
  );
}
