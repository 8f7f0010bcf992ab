import { Typography } from 'antd';

/** Placeholder (issue #8): replaced by the page itself. */
export default function CongressesPage() {
  return <Typography.Title level={4}>CongressesPage</Typography.Title>;
}
