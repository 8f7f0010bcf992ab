import { Typography } from 'antd';

/** Placeholder until the page is built (issue #6). */
export default function SupplyStatsPage() {
  return <Typography.Title level={3}>SupplyStatsPage</Typography.Title>;
}
