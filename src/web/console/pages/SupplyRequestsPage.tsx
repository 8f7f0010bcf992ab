import { Typography } from 'antd';

/** Placeholder until the page is built (issue #6). */
export default function SupplyRequestsPage() {
  return <Typography.Title level={3}>SupplyRequestsPage</Typography.Title>;
}
