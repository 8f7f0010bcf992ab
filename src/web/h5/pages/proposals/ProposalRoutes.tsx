/**
 * 云履职 and 职工事大家议 on the H5 (issue #8), loaded on demand (React.lazy in App.tsx), for signed-in
 * members (workers and representatives). Styles and strings come with this chunk.
 */
import { Navigate, Route, Routes } from 'react-router';
import '../hardship/hardship.css';
import '../errands/errands.css';
import { AppealPage, AppealsPage, NewAppealPage } from './AppealPages.tsx';
import { HubPage, RepPage, ThreadPage, ThreadsPage } from './HubPages.tsx';
import { ProposalFormPage, ProposalPage, ProposalsPage } from './ProposalPages.tsx';
import './proposals.css';
import { registerProposalStrings } from './proposals.i18n.ts';
import { MembersOnly } from './ui.tsx';

registerProposalStrings();

const members = (page: React.ReactNode) => <MembersOnly>{page}</MembersOnly>;

export default function ProposalRoutes() {
  return (
    <Routes>
      <Route index element={members(<HubPage />)} />
      <Route path="reps/:id" element={members(<RepPage />)} />
      <Route path="threads" element={members(<ThreadsPage />)} />
      <Route path="threads/:id" element={members(<ThreadPage />)} />
      <Route path="proposals" element={members(<ProposalsPage />)} />
      <Route path="proposals/new" element={members(<ProposalFormPage />)} />
      <Route path="proposals/:id" element={members(<ProposalPage />)} />
      <Route path="proposals/:id/edit" element={members(<ProposalFormPage />)} />
      <Route path="appeals" element={members(<AppealsPage />)} />
      <Route path="appeals/new" element={members(<NewAppealPage />)} />
      <Route path="appeals/:id" element={members(<AppealPage />)} />
      <Route path="*" element={<Navigate to="/congress" replace />} />
    </Routes>
  );
}
