import { Typography } from 'antd';

/** Placeholder until the page is built (issue #6). */
export default function SupplyRequestFormPage() {
  return <Typography.Title level={3}>SupplyRequestFormPage</Typography.Title>;
}
