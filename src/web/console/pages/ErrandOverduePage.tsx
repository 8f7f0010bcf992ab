/*
 * 超时看板 (/errands/overdue): open errands past (red, "超时 N 分钟") or close to (orange, "还剩 N 分钟")
 * the org's thresholds, in two sections: 超时未接单 (after dispatch) and 超时未送达 (after the call).
 * Shows the thresholds with a link to their settings on the roster page; refreshes every 30 s.
 * Selectors for browser tests:
 *   errand-overdue-settings, errand-overdue-accept (section), errand-overdue-delivery (section),
 *   errand-overdue-<accept|delivery>-<id> (row), errand-overdue-minutes-<accept|delivery>-<id>,
 *   errand-overdue-link-<id>.
 */
import { ClockCircleOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Empty,
  Grid,
  Row,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  ERRANDS,
  errandStateColor,
  errandsKey,
  formatMinutes,
  type TOverdueBoard,
  urgencyColor,
  useErrandLabels,
} from './errands/work.model.ts';
import './hardship/hardship.css';
import './errands/work.css';

type Item = TOverdueBoard['items'][number];
type Kind = Item['kind'];

export default function ErrandOverduePage() {
  const { t, i18n } = useTranslation();
  const { me, can } = useSession();
  const label = useErrandLabels();
  const screens = Grid.useBreakpoint();
  const lang = i18n.language;
  const orgId = me.active?.org.id;
  const board = useQuery({
    queryKey: [...errandsKey, 'overdue', orgId ?? null],
    queryFn: () => api.get<TOverdueBoard>(`${ERRANDS}/overdue`, { orgId }),
    refetchInterval: 30_000,
  });
  const data = board.data;

  const minutesTag = (it: Item) => {
    const over = it.minutesOver >= 0;
    return (
      <Typography.Text
        strong
        className="nj-hs-mono"
        style={{ color: over ? '#cf1322' : '#d46b08' }}
        data-testid={`errand-overdue-minutes-${it.kind}-${it.errand.id}`}
      >
        {over
          ? t('errandWork.overdue.over', { d: formatMinutes(it.minutesOver, lang) })
          : t('errandWork.overdue.left', { d: formatMinutes(-it.minutesOver, lang) })}
      </Typography.Text>
    );
  };

  const columns: TableColumnsType<Item> = [
    {
      key: 'minutes',
      title: t('errandWork.col.overdue'),
      width: 130,
      render: (_, it) => minutesTag(it),
    },
    {
      key: 'code',
      title: t('errandWork.col.code'),
      width: 170,
      render: (_, it) => (
        <Space size={4} wrap>
          <Link
            to={`/errands/${it.errand.id}`}
            className="nj-hs-mono"
            data-testid={`errand-overdue-link-${it.errand.id}`}
          >
            {it.errand.code}
          </Link>
          {it.errand.urgency === 'urgent' ? (
            <Tag color={urgencyColor.urgent} style={{ marginInlineEnd: 0 }}>
              {label('urgency', 'urgent')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'state',
      title: t('errandWork.col.state'),
      width: 90,
      render: (_, it) => (
        <Tag color={errandStateColor[it.errand.state]} style={{ marginInlineEnd: 0 }}>
          {label('state', it.errand.state)}
        </Tag>
      ),
    },
    {
      key: 'recipient',
      title: t('errandWork.col.recipient'),
      render: (_, it) => (
        <div style={{ minWidth: 160 }}>
          <div>
            {it.errand.recipientName}
            <Typography.Text type="secondary"> · {it.errand.items}</Typography.Text>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {it.errand.recipientAddress}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: 'courier',
      title: t('errandWork.col.courier'),
      width: 150,
      render: (_, it) => it.errand.courierOrg?.name ?? '—',
    },
    {
      key: 'called',
      title: t('errandWork.col.calledAt'),
      width: 150,
      render: (_, it) => <span className="nj-hs-mono">{formatDateTime(it.errand.calledAt, lang)}</span>,
    },
  ];

  const section = (kind: Kind) => {
    const items = (data?.items ?? [])
      .filter((it) => it.kind === kind)
      .sort((a, b) => b.minutesOver - a.minutesOver);
    const late = items.filter((it) => it.minutesOver >= 0).length;
    const rule =
      kind === 'accept'
        ? t('errandWork.overdue.acceptRule', { n: data?.settings.acceptMinutes ?? '—' })
        : t('errandWork.overdue.deliveryRule', {
            d: formatMinutes(data?.settings.deliverMinutes ?? null, lang),
          });
    return (
      <Card
        size="small"
        data-testid={`errand-overdue-${kind}`}
        title={
          <Space size={8}>
            <span>{t(`errandWork.overdue.${kind}`)}</span>
            <Badge count={late} showZero color={late > 0 ? '#cf1322' : '#d9d9d9'} />
            {items.length > late ? (
              <Badge count={items.length - late} color="#fa8c16" title={t('errandWork.overdue.soon')} />
            ) : null}
          </Space>
        }
        extra={<Typography.Text type="secondary">{rule}</Typography.Text>}
      >
        <Table<Item>
          rowKey={(it) => `${it.kind}-${it.errand.id}`}
          size="small"
          columns={columns}
          dataSource={items}
          pagination={false}
          scroll={{ x: 860 }}
          rowClassName={(it) => (it.minutesOver >= 0 ? 'nj-errand-late' : 'nj-errand-soon')}
          onRow={(it) =>
            ({ 'data-testid': `errand-overdue-${it.kind}-${it.errand.id}` }) as HTMLAttributes<HTMLElement>
          }
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('errandWork.overdue.empty')} />
            ),
          }}
        />
      </Card>
    );
  };

  return (
    <div className="nj-hs">
      <div className="nj-hs-head" style={{ marginBottom: 8 }}>
        <div>
          <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
            {t('errandWork.overdue.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('errandWork.overdue.subtitle')}</Typography.Text>
        </div>
        <Tooltip
          title={t('errandWork.overdue.updated', {
            time: new Date(board.dataUpdatedAt || Date.now()).toLocaleTimeString(lang, { hour12: false }),
          })}
        >
          <Button
            icon={<ReloadOutlined spin={board.isFetching} />}
            onClick={() => void board.refetch()}
            aria-label={t('errandWork.detail.refresh')}
          />
        </Tooltip>
      </div>

      {board.isError && !data ? (
        <Alert
          type="error"
          showIcon
          title={t('errandWork.overdue.loadFailed')}
          description={errorMessage(board.error)}
          action={
            <Button size="small" onClick={() => void board.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      ) : !data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 16 }} data-testid="errand-overdue-settings">
            <Space size={screens.md ? 24 : 8} wrap>
              <span>
                <ClockCircleOutlined />{' '}
                <Typography.Text strong>{t('errandWork.overdue.settingsLabel')}</Typography.Text>
                {t('errandWork.overdue.acceptRule', { n: data.settings.acceptMinutes })}
                {t('errandWork.overdue.sep')}
                {t('errandWork.overdue.deliveryRule', {
                  d: formatMinutes(data.settings.deliverMinutes, lang),
                })}
              </span>
              <Typography.Text type="secondary">
                {data.settings.fromOrgId === null
                  ? t('errandWork.overdue.defaults')
                  : data.settings.fromOrgId !== data.settings.orgId
                    ? t('errandWork.overdue.inherited')
                    : null}
              </Typography.Text>
              {/* Only those who may change the thresholds are sent to them. */}
              {can('errands.settings') ? (
                <Link to="/errands/roster">
                  <SettingOutlined /> {t('errandWork.overdue.toSettings')}
                </Link>
              ) : null}
            </Space>
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24}>{section('accept')}</Col>
            <Col xs={24}>{section('delivery')}</Col>
          </Row>
        </>
      )}
    </div>
  );
}
