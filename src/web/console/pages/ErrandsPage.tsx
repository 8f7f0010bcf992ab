import { Typography } from 'antd';

/** Placeholder until the page is built (issue #7). */
export default function ErrandsPage() {
  return <Typography.Title level={3}>ErrandsPage</Typography.Title>;
}
