import { Card } from 'antd';

/** 会议签到详情 (issue #9): placeholder until the page lands. */
export default function DutySessionDetailPage() {
  return <Card title="会议签到详情">建设中</Card>;
}
