import { Card } from 'antd';

/** 履职记录 (issue #9): placeholder until the page lands. */
export default function DutyRecordsPage() {
  return <Card title="履职记录">建设中</Card>;
}
