import { Typography } from 'antd';

/** Placeholder until the page is built (issue #6). */
export default function SupplyPointsPage() {
  return <Typography.Title level={3}>SupplyPointsPage</Typography.Title>;
}
