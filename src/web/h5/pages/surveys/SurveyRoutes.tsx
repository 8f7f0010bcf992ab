/**
 * 会员评家 and 双向评价 surveys on the H5 (issue #9): the surveys a member is asked to answer, and the
 * answer page opened from a link or QR. Loaded on demand (React.lazy in App.tsx). Placeholder until the
 * pages land.
 */
import { Navigate, Route, Routes } from 'react-router';

export default function SurveyRoutes() {
  return (
    <Routes>
      <Route index element={<div className="h5-page">建设中</div>} />
      <Route path="*" element={<Navigate to="/surveys" replace />} />
    </Routes>
  );
}
