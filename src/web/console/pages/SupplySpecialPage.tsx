import { Typography } from 'antd';

/** Placeholder until the page is built (issue #6). */
export default function SupplySpecialPage() {
  return <Typography.Title level={3}>SupplySpecialPage</Typography.Title>;
}
