import { Typography } from 'antd';

/** Placeholder until the page is built (issue #7). */
export default function ErrandDetailPage() {
  return <Typography.Title level={3}>ErrandDetailPage</Typography.Title>;
}
