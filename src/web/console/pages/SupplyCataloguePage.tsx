import { Typography } from 'antd';

/** Placeholder until the page is built (issue #6). */
export default function SupplyCataloguePage() {
  return <Typography.Title level={3}>SupplyCataloguePage</Typography.Title>;
}
