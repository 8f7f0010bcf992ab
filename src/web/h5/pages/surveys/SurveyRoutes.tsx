/**
 * 会员评家 and 双向评价 surveys on the H5 (issue #9): the surveys a member is asked to answer, and the
 * answer page opened from a link or QR. Loaded on demand (React.lazy in App.tsx); styles and strings
 * come with this chunk. Any signed-in user may open them (the server decides who is on the roster and
 * says why not otherwise); signed out → 登录 and back.
 */
import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import '../errands/errands.css';
import { SurveyAnswerPage, SurveysPage } from './SurveyPages.tsx';
import './surveys.css';
import { useOptionalMe } from '../../components.tsx';
import { registerSurveyStrings } from './surveys.i18n.ts';

registerSurveyStrings();

function SignedIn({ children }: { children: ReactNode }) {
  const me = useOptionalMe();
  const location = useLocation();
  if (!me) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return <>{children}</>;
}

export default function SurveyRoutes() {
  return (
    <Routes>
      <Route
        index
        element={
          <SignedIn>
            <SurveysPage />
          </SignedIn>
        }
      />
      <Route
        path=":id"
        element={
          <SignedIn>
            <SurveyAnswerPage />
          </SignedIn>
        }
      />
      <Route path="*" element={<Navigate to="/surveys" replace />} />
    </Routes>
  );
}
