import { Typography } from 'antd';

/** Placeholder until the page is built (issue #6). */
export default function SupplyShipmentsPage() {
  return <Typography.Title level={3}>SupplyShipmentsPage</Typography.Title>;
}
