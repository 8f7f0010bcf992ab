import { Typography } from 'antd';

/** Placeholder (issue #8): replaced by the page itself. */
export default function ReferralDetailPage() {
  return <Typography.Title level={4}>ReferralDetailPage</Typography.Title>;
}
