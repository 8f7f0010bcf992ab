import { Typography } from 'antd';

/** Placeholder (issue #8): replaced by the page itself. */
export default function ProposalDetailPage() {
  return <Typography.Title level={4}>ProposalDetailPage</Typography.Title>;
}
