import { Typography } from 'antd';

/** Placeholder (issue #8): replaced by the page itself. */
export default function ProposalStatsPage() {
  return <Typography.Title level={4}>ProposalStatsPage</Typography.Title>;
}
