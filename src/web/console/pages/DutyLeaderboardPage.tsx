import { Card } from 'antd';

/** 履职积分排行 (issue #9): placeholder until the page lands. */
export default function DutyLeaderboardPage() {
  return <Card title="履职积分排行">建设中</Card>;
}
