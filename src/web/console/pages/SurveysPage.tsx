import { Card } from 'antd';

/** 问卷评价 (issue #9): placeholder until the page lands. */
export default function SurveysPage() {
  return <Card title="问卷评价">建设中</Card>;
}
