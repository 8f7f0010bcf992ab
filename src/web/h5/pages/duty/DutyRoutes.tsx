/**
 * 履职评价 on the H5 (issue #9): a representative's own duty profile, entering records and checking in
 * at a session. Loaded on demand (React.lazy in App.tsx). Placeholder until the pages land.
 */
import { Navigate, Route, Routes } from 'react-router';

export default function DutyRoutes() {
  return (
    <Routes>
      <Route index element={<div className="h5-page">建设中</div>} />
      <Route path="*" element={<Navigate to="/duty" replace />} />
    </Routes>
  );
}
