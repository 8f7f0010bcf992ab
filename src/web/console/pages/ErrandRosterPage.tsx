import { Typography } from 'antd';

/** Placeholder until the page is built (issue #7). */
export default function ErrandRosterPage() {
  return <Typography.Title level={3}>ErrandRosterPage</Typography.Title>;
}
