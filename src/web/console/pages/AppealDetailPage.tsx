import { Typography } from 'antd';

/** Placeholder (issue #8): replaced by the page itself. */
export default function AppealDetailPage() {
  return <Typography.Title level={4}>AppealDetailPage</Typography.Title>;
}
