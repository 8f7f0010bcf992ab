/**
 * 云履职 and 职工事大家议 on the H5 (issue #8), loaded on demand (React.lazy in App.tsx), signed-in only.
 * Placeholder: replaced by the pages themselves.
 */
export default function ProposalRoutes() {
  return <main className="h5-page">云履职</main>;
}
