import { Card } from 'antd';

/** 代表履职画像 (issue #9): placeholder until the page lands. */
export default function DutyProfilePage() {
  return <Card title="代表履职画像">建设中</Card>;
}
