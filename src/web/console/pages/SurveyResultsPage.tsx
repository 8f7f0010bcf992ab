import { Card } from 'antd';

/** 问卷结果 (issue #9): placeholder until the page lands. */
export default function SurveyResultsPage() {
  return <Card title="问卷结果">建设中</Card>;
}
