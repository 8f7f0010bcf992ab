import { Typography } from 'antd';

/** Placeholder until the page is built (issue #6). */
export default function SupplyShipmentDetailPage() {
  return <Typography.Title level={3}>SupplyShipmentDetailPage</Typography.Title>;
}
