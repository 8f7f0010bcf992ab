/**
 * 及时送 on the H5, loaded on demand (React.lazy in App.tsx). The duty page (hotlines, who is on duty,
 * complaints) is public; workers ask for an errand and follow theirs; couriers work their queue.
 * Styles and strings come with this chunk.
 */
import { Navigate, Route, Routes } from 'react-router';
import '../hardship/hardship.css';
import { CourierErrandPage, CourierQueuePage } from './CourierPages.tsx';
import { DutyPage } from './DutyPage.tsx';
import './errands.css';
import { registerErrandStrings } from './errands.i18n.ts';
import { RoleOnly } from './ui.tsx';
import { MyErrandPage, MyErrandsPage, NewErrandPage } from './WorkerPages.tsx';

registerErrandStrings();

const worker = (page: React.ReactNode) => <RoleOnly only="worker">{page}</RoleOnly>;
const courier = (page: React.ReactNode) => <RoleOnly only="courier">{page}</RoleOnly>;

export default function ErrandRoutes() {
  return (
    <Routes>
      <Route index element={<DutyPage />} />
      <Route path="new" element={worker(<NewErrandPage />)} />
      <Route path="mine" element={worker(<MyErrandsPage />)} />
      <Route path="mine/:id" element={worker(<MyErrandPage />)} />
      <Route path="courier" element={courier(<CourierQueuePage />)} />
      <Route path="courier/:id" element={courier(<CourierErrandPage />)} />
      <Route path="*" element={<Navigate to="/errands" replace />} />
    </Routes>
  );
}
