import { Typography } from 'antd';

/** Placeholder until the page is built (issue #6). */
export default function SupplyRequestDetailPage() {
  return <Typography.Title level={3}>SupplyRequestDetailPage</Typography.Title>;
}
