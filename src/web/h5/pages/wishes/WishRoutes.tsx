/**
 * 微心愿 on the H5, loaded on demand (React.lazy in App.tsx). The wall, a wish and the 感谢榜 are
 * public (no sign-in); 我的心愿 is for workers, 我的认领 and 爱心档案 for donors. Styles and strings
 * come with this chunk.
 */
import { Navigate, Route, Routes } from 'react-router';
import '../hardship/hardship.css';
import { ClaimPage, DonorProfilePage, MyClaimsPage } from './DonorPages.tsx';
import { MyWishesPage } from './MyWishesPage.tsx';
import { MyWishPage } from './MyWishPage.tsx';
import { ThanksPage } from './ThanksPage.tsx';
import { RoleOnly } from './ui.tsx';
import { WishDetailPage } from './WishDetailPage.tsx';
import { WishFormPage } from './WishFormPage.tsx';
import { WishWallPage } from './WishWallPage.tsx';
import './wishes.css';
import { registerWishStrings } from './wishes.i18n.ts';

registerWishStrings();

const worker = (page: React.ReactNode) => <RoleOnly only="worker">{page}</RoleOnly>;
const donor = (page: React.ReactNode) => <RoleOnly only="donor">{page}</RoleOnly>;

export default function WishRoutes() {
  return (
    <Routes>
      <Route index element={<WishWallPage />} />
      <Route path="thanks" element={<ThanksPage />} />
      <Route path="mine" element={worker(<MyWishesPage />)} />
      <Route path="mine/new" element={worker(<WishFormPage />)} />
      <Route path="mine/:id" element={worker(<MyWishPage />)} />
      <Route path="mine/:id/edit" element={worker(<WishFormPage />)} />
      <Route path="claims" element={donor(<MyClaimsPage />)} />
      <Route path="claims/:id" element={donor(<ClaimPage />)} />
      <Route path="profile" element={donor(<DonorProfilePage />)} />
      <Route path=":id" element={<WishDetailPage />} />
      <Route path="*" element={<Navigate to="/wishes" replace />} />
    </Routes>
  );
}
