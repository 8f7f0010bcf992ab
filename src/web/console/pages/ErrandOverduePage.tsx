import { Typography } from 'antd';

/** Placeholder until the page is built (issue #7). */
export default function ErrandOverduePage() {
  return <Typography.Title level={3}>ErrandOverduePage</Typography.Title>;
}
