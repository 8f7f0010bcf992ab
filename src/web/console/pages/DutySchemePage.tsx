import { Card } from 'antd';

/** 履职评价方案 (issue #9): placeholder until the page lands. */
export default function DutySchemePage() {
  return <Card title="履职评价方案">建设中</Card>;
}
