import { Typography } from 'antd';

/** Placeholder until the page is built (issue #7). */
export default function ErrandComplaintsPage() {
  return <Typography.Title level={3}>ErrandComplaintsPage</Typography.Title>;
}
