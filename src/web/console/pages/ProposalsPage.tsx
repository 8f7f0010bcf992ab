import { Typography } from 'antd';

/** Placeholder (issue #8): replaced by the page itself. `handling`: the proposals the actor's org handles. */
export default function ProposalsPage({ scope = 'all' }: { scope?: 'all' | 'handling' }) {
  return <Typography.Title level={4}>ProposalsPage {scope}</Typography.Title>;
}
