import { Typography } from 'antd';

export default function OrgsPage() {
  return <Typography.Title level={2}>Orgs</Typography.Title>;
}
