import { Card } from 'antd';

/** 会议签到 (issue #9): placeholder until the page lands. */
export default function DutySessionsPage() {
  return <Card title="会议签到">建设中</Card>;
}
