/**
 * 履职评价 on the H5 (issue #9): a representative's own duty profile (我的履职), the term's leaderboard,
 * entering a record with photos (填报履职) and checking in at a session from its QR code. Loaded on demand
 * (React.lazy in App.tsx) behind the app's sign-in gate; styles and strings come with this chunk.
 */
import { Navigate, Route, Routes } from 'react-router';
import '../errands/errands.css';
import '../hardship/hardship.css';
import '../proposals/proposals.css';
import { CheckinPage } from './CheckinPage.tsx';
import './duty.css';
import { registerDutyStrings } from './duty.i18n.ts';
import { LeaderboardPage, MyDutyPage, RepsOnly } from './MyDutyPages.tsx';
import { RecordFormPage } from './RecordFormPage.tsx';

registerDutyStrings();

const reps = (page: React.ReactNode) => <RepsOnly>{page}</RepsOnly>;

export default function DutyRoutes() {
  return (
    <Routes>
      <Route index element={reps(<MyDutyPage />)} />
      <Route path="leaderboard/:congressId" element={reps(<LeaderboardPage />)} />
      <Route path="records/new" element={reps(<RecordFormPage />)} />
      {/* Any signed-in account may open a check-in link; the server says why one cannot check in. */}
      <Route path="checkin/:token" element={<CheckinPage />} />
      <Route path="*" element={<Navigate to="/duty" replace />} />
    </Routes>
  );
}
