import { Typography } from 'antd';

/** Placeholder (issue #8): replaced by the page itself. */
export default function AppealCommentsPage() {
  return <Typography.Title level={4}>AppealCommentsPage</Typography.Title>;
}
