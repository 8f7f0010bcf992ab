import { Typography } from 'antd';

export default function UsersPage() {
  return <Typography.Title level={2}>Users</Typography.Title>;
}
