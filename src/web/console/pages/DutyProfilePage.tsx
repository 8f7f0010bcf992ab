/*
 * 履职画像 (/duty/representatives/:id, :id = representatives.id): one representative's term — total
 * score, rank, the first-level weighted scores, a radar of the second-level indicators (points against
 * each cap), the scoring definition, and every duty record of the term with its state, item, points
 * (records cut by the cap marked) and a link to the proposal or session it came from.
 * Test ids: duty-profile-total, duty-profile-rank, duty-profile-radar, duty-profile-records.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Card,
  Col,
  Descriptions,
  Empty,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { dutyItemKindLabels, type TDutyProfile, type TDutyRecord } from '../../../shared/duty.ts';
import { api } from '../../shared/api.ts';
import { formatDate } from '../../shared/format.ts';
import { RecordGate, recordId, retryUnlessClientError } from '../components/RecordGate.tsx';
import { DUTY, fmt, profileKey, recordStateColor, signedPoints } from './duty/api.ts';
import { PointsCell, SourceCell } from './duty/cells.tsx';
import { recordStateLabel } from './duty/duty-pages.i18n.ts';
import { RadarChart } from './duty/RadarChart.tsx';

export default function DutyProfilePage() {
  const { t } = useTranslation();
  const { id: raw } = useParams();
  const { id, valid } = recordId(raw);
  const profile = useQuery({
    queryKey: profileKey(id),
    queryFn: () => api.get<TDutyProfile>(`${DUTY}/representatives/${id}/profile`),
    enabled: valid,
    retry: retryUnlessClientError,
  });
  const back = (congressId?: number) => (
    <Link to={congressId ? `/duty/leaderboard?congress=${congressId}` : '/duty/leaderboard'}>
      <ArrowLeftOutlined /> {t('dutyPages.profile.back')}
    </Link>
  );
  return (
    <RecordGate
      query={profile}
      valid={valid}
      back={back()}
      notFoundText={t('dutyPages.profile.notFound')}
      loadFailedText={t('dutyPages.profile.loadFailed')}
    >
      {(p) => <Profile p={p} back={back(p.congress.id)} />}
    </RecordGate>
  );
}

function Profile({ p, back }: { p: TDutyProfile; back: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const s = p.score;
  const rep = s.representative;
  const radarAxes = useMemo(
    () => p.radar.map((r) => ({ name: r.name, points: r.points, cap: r.cap })),
    [p.radar],
  );
  const adjustments = s.items.filter((i) => i.kind !== 'indicator' && i.records > 0);

  const columns: TableColumnsType<TDutyRecord> = [
    {
      title: t('dutyPages.records.occurredAt'),
      key: 'at',
      width: 132,
      render: (_: unknown, r) => formatDate(r.occurredAt, i18n.language),
    },
    {
      title: t('dutyPages.records.title'),
      key: 'title',
      render: (_: unknown, r) => (
        <div>
          <div>{r.title}</div>
          {r.detail ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.detail }}>
              {r.detail}
            </Typography.Text>
          ) : null}
          {r.state === 'rejected' && r.rejectReason ? (
            <div>
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {t('dutyPages.records.rejectReason', { reason: r.rejectReason })}
              </Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    },
    {
      title: t('dutyPages.records.item'),
      key: 'item',
      width: 150,
      render: (_: unknown, r) =>
        r.item ? (
          <span>
            {r.item.name}
            {r.item.kind !== 'indicator' ? (
              <Tag
                style={{ marginLeft: 4 }}
                color={r.item.kind === 'bonus' ? 'green' : 'red'}
                bordered={false}
              >
                {dutyItemKindLabels[r.item.kind]}
              </Tag>
            ) : null}
          </span>
        ) : (
          <Typography.Text type="secondary">{t('dutyPages.records.noItem')}</Typography.Text>
        ),
    },
    {
      title: t('dutyPages.records.state'),
      key: 'state',
      width: 96,
      render: (_: unknown, r) => <Tag color={recordStateColor[r.state]}>{recordStateLabel(r.state)}</Tag>,
    },
    {
      title: t('dutyPages.records.points'),
      key: 'points',
      width: 130,
      align: 'right',
      render: (_: unknown, r) => <PointsCell r={r} />,
    },
    {
      title: t('dutyPages.records.source'),
      key: 'source',
      width: 190,
      render: (_: unknown, r) => <SourceCell r={r} />,
    },
  ];

  return (
    <div className="nj-hs">
      {back}
      <Card style={{ marginTop: 12 }} size="small">
        <Row gutter={[16, 12]} align="middle">
          <Col flex="auto">
            <Space size={8} wrap>
              <Typography.Title level={2} style={{ fontSize: 22, margin: 0 }}>
                {rep.name}
              </Typography.Title>
              <Tag>{rep.delegation}</Tag>
              {p.archived ? <Tag color="purple">{t('dutyPages.common.archivedTag')}</Tag> : null}
            </Space>
            <div>
              <Typography.Text type="secondary">
                {rep.org.name} · {p.congress.name} · {t('dutyPages.profile.scheme', { v: p.schemeVersion })}
              </Typography.Text>
            </div>
          </Col>
          <Col>
            <Space size={32} wrap>
              <div data-testid="duty-profile-total">
                <Statistic
                  title={t('dutyPages.profile.total')}
                  value={fmt(s.total)}
                  valueStyle={{ color: '#1677ff', fontSize: 32 }}
                />
              </div>
              <div data-testid="duty-profile-rank">
                <Statistic
                  title={t('dutyPages.profile.rank')}
                  value={s.rank > 0 ? s.rank : '—'}
                  suffix={`/ ${p.representativeCount}`}
                />
              </div>
              <Statistic
                title={t('dutyPages.profile.delegationRank')}
                value={s.delegationRank > 0 ? s.delegationRank : '—'}
              />
              <Statistic title={t('dutyPages.profile.recordCount')} value={s.records} />
            </Space>
          </Col>
        </Row>
      </Card>

      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('dutyPages.profile.radar')} style={{ height: '100%' }}>
            {radarAxes.length ? (
              <RadarChart
                axes={radarAxes}
                seriesName={rep.name}
                label={t('dutyPages.profile.radar')}
                testId="duty-profile-radar"
              />
            ) : (
              <Empty data-testid="duty-profile-radar" />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('dutyPages.profile.firstLevel')} style={{ height: '100%' }}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {s.firstLevel.map((f) => (
                <div key={f.code} data-testid={`duty-profile-first-${f.code}`}>
                  <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                    <Typography.Text strong>
                      {f.name}
                      <Typography.Text type="secondary">
                        {' '}
                        {t('dutyPages.profile.weight', { w: f.weight })}
                      </Typography.Text>
                    </Typography.Text>
                    <Typography.Text>
                      {t('dutyPages.profile.weighted', {
                        v: fmt(f.weighted),
                        w: f.weight,
                        p: fmt(f.points),
                        max: fmt(f.max),
                      })}
                    </Typography.Text>
                  </Space>
                  <Progress
                    percent={f.weight ? Math.round((f.weighted / f.weight) * 1000) / 10 : 0}
                    size="small"
                  />
                </div>
              ))}
              <Descriptions size="small" column={1} bordered>
                {s.items
                  .filter((i) => i.kind === 'indicator')
                  .map((i) => (
                    <Descriptions.Item key={i.code} label={i.name}>
                      {t('dutyPages.profile.itemLine', { p: fmt(i.points), cap: i.cap ?? '—', n: i.records })}
                    </Descriptions.Item>
                  ))}
                <Descriptions.Item label={t('dutyPages.lb.bonus')}>
                  <span style={{ color: s.bonus ? '#389e0d' : undefined }}>{signedPoints(s.bonus)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('dutyPages.lb.penalty')}>
                  <span style={{ color: s.penalty ? '#cf1322' : undefined }}>{signedPoints(-s.penalty)}</span>
                </Descriptions.Item>
              </Descriptions>
              {adjustments.length ? (
                <Space wrap size={4}>
                  {adjustments.map((a) => (
                    <Tag key={a.code} color={a.kind === 'bonus' ? 'green' : 'red'}>
                      {a.name} × {a.records}：{signedPoints(a.points)}
                    </Tag>
                  ))}
                </Space>
              ) : null}
            </Space>
          </Card>
        </Col>
      </Row>

      <Card size="small" style={{ marginTop: 12 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('dutyPages.common.definition')}
          {p.definition}
        </Typography.Text>
      </Card>

      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={t('dutyPages.profile.records', { n: p.records.length })}
      >
        <Table<TDutyRecord>
          data-testid="duty-profile-records"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={p.records}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dutyPages.profile.noRecords')} />
            ),
          }}
        />
      </Card>
    </div>
  );
}
