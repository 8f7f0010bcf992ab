import { Typography } from 'antd';

/** Placeholder (issue #8): replaced by the page itself. */
export default function AppealsPage() {
  return <Typography.Title level={4}>AppealsPage</Typography.Title>;
}
