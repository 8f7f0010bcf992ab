import { Typography } from 'antd';

/** Placeholder until the page is built (issue #7). */
export default function ErrandIntakePage() {
  return <Typography.Title level={3}>ErrandIntakePage</Typography.Title>;
}
