import { Typography } from 'antd';

/** Placeholder (issue #8): replaced by the page itself. */
export default function SuperviseBoardPage() {
  return <Typography.Title level={4}>SuperviseBoardPage</Typography.Title>;
}
