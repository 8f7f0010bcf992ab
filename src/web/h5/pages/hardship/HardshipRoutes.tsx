/**
 * 困难帮扶 on the worker H5, loaded on demand (React.lazy in App.tsx): the worker's own
 * applications, their progress, and the self-application form. Styles come with this chunk.
 */
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { SubHeader, usePageTitle } from '../../components.tsx';
import { useSignedInMe } from '../../session.tsx';
import { HardshipApplyPage } from './HardshipApplyPage.tsx';
import { HardshipDetailPage } from './HardshipDetailPage.tsx';
import { HardshipListPage } from './HardshipListPage.tsx';
import './hardship.css';
import { registerHardshipStrings } from './hardship.i18n.ts';

registerHardshipStrings();

export default function HardshipRoutes() {
  const me = useSignedInMe();
  if (me.active?.role !== 'worker') return <WorkersOnly />;
  return (
    <Routes>
      <Route index element={<HardshipListPage />} />
      <Route path="apply" element={<HardshipApplyPage />} />
      <Route path=":id" element={<HardshipDetailPage />} />
      <Route path="*" element={<Navigate to="/hardship" replace />} />
    </Routes>
  );
}

function WorkersOnly() {
  const { t } = useTranslation();
  usePageTitle(t('hardship.title'));
  return (
    <main className="h5-page">
      <SubHeader title={t('hardship.title')} back="/services" />
      <div className="h5-stack">
        <section className="h5-card">
          <p data-testid="h5-hardship-workers-only">{t('hardship.workersOnly')}</p>
          <Link to="/services" className="h5-link-arrow">
            {t('tab.services')}
          </Link>
        </section>
      </div>
    </main>
  );
}
