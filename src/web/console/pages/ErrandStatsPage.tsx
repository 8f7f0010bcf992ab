import { Typography } from 'antd';

/** Placeholder until the page is built (issue #7). */
export default function ErrandStatsPage() {
  return <Typography.Title level={3}>ErrandStatsPage</Typography.Title>;
}
