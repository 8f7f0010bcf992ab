import { Typography } from 'antd';

/** Placeholder (issue #8): replaced by the page itself. `partner`: the governance platform's own view. */
export default function ReferralsPage({ scope = 'union' }: { scope?: 'union' | 'partner' }) {
  return <Typography.Title level={4}>ReferralsPage {scope}</Typography.Title>;
}
