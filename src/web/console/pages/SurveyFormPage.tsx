import { Card } from 'antd';

/** 编辑问卷 (issue #9): placeholder until the page lands. */
export default function SurveyFormPage() {
  return <Card title="编辑问卷">建设中</Card>;
}
