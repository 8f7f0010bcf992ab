import { FileOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Drawer, Empty, Image, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TDutyRecord } from '../../../../shared/duty.ts';
import type { TFile } from '../../../../shared/files.ts';
import { api } from '../../../shared/api.ts';
import { formatDate, formatDateTime } from '../../../shared/format.ts';
import { EventTimeline } from '../../components/EventTimeline.tsx';
import { errorMessage } from '../../forms.ts';
import { recordStateColor, recordsKey } from './api.ts';
import { PointsCell, SourceCell } from './cells.tsx';
import { recordStateLabel, sourceLabel } from './duty-pages.i18n.ts';

const fileUrl = (id: string) => `/api/v1/files/${id}`;

interface TimelineEvent {
  event: string;
  actorName: string | null;
  note: string | null;
  at: string;
}

/** The evidence a representative uploaded to a record: images as thumbnails, documents as downloads. */
export function RecordEvidence({ recordId }: { recordId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const files = useQuery({
    queryKey: [...recordsKey, 'files', recordId],
    queryFn: () =>
      api.get<{ items: TFile[] }>('/api/v1/files', { entityType: 'duty.record', entityId: String(recordId) }),
    retry: false,
  });
  if (files.isPending)
    return <Typography.Text type="secondary">{t('dutyPages.common.loading')}</Typography.Text>;
  if (files.isError) return <Typography.Text type="danger">{errorMessage(files.error)}</Typography.Text>;
  const all = files.data.items;
  if (all.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dutyPages.records.noEvidence')} />;
  const images = all.filter((f) => f.mime.startsWith('image/'));
  const docs = all.filter((f) => !f.mime.startsWith('image/'));
  return (
    <div data-testid="duty-record-evidence">
      {images.length ? (
        <Image.PreviewGroup>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
            {images.map((f) => (
              <Image
                key={f.id}
                src={fileUrl(f.id)}
                alt={f.originalName}
                width={96}
                height={96}
                style={{ objectFit: 'cover', borderRadius: 6 }}
              />
            ))}
          </div>
        </Image.PreviewGroup>
      ) : null}
      {docs.length ? (
        <Space orientation="vertical" size={0}>
          {docs.map((f) => (
            <Button
              key={f.id}
              type="link"
              size="small"
              icon={<FileOutlined />}
              onClick={() =>
                api.download(fileUrl(f.id), undefined, f.originalName).catch((e: unknown) => {
                  message.error(errorMessage(e));
                })
              }
            >
              {f.originalName}
            </Button>
          ))}
        </Space>
      ) : null}
    </div>
  );
}

/** A record's details, evidence and review timeline in a side drawer. */
export function RecordDrawer({
  record,
  onClose,
  actions,
}: {
  record: TDutyRecord | null;
  onClose: () => void;
  actions?: React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const timeline = useQuery({
    queryKey: [...recordsKey, 'timeline', record?.id, record?.state],
    queryFn: () => api.get<{ items: TimelineEvent[] }>(`/api/v1/timeline/duty.record/${record?.id}`),
    enabled: Boolean(record),
    retry: false,
  });
  const lang = i18n.language;
  return (
    <Drawer
      open={Boolean(record)}
      onClose={onClose}
      size={560}
      title={record?.title}
      extra={actions}
      destroyOnHidden
      data-testid="duty-record-drawer"
    >
      {record ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('dutyPages.records.rep')}>
              {record.representative.name}（{record.representative.delegation}）
            </Descriptions.Item>
            <Descriptions.Item label={t('dutyPages.records.state')}>
              <Tag color={recordStateColor[record.state]}>{recordStateLabel(record.state)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('dutyPages.records.item')}>
              {record.item?.name ?? t('dutyPages.records.noItem')}
            </Descriptions.Item>
            <Descriptions.Item label={t('dutyPages.records.points')}>
              <PointsCell r={record} />
            </Descriptions.Item>
            <Descriptions.Item label={t('dutyPages.records.source')}>
              {record.source === 'manual' || record.source === 'award' ? (
                sourceLabel(record.source)
              ) : (
                <SourceCell r={record} />
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('dutyPages.records.occurredAt')}>
              {formatDate(record.occurredAt, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={t('dutyPages.records.createdBy')}>
              {record.createdBy?.name ?? t('dutyPages.records.platform')} ·{' '}
              {formatDateTime(record.createdAt, lang)}
            </Descriptions.Item>
            {record.reviewedBy ? (
              <Descriptions.Item label={t('dutyPages.records.reviewedBy')}>
                {record.reviewedBy.name} · {formatDateTime(record.reviewedAt, lang)}
              </Descriptions.Item>
            ) : null}
            {record.rejectReason ? (
              <Descriptions.Item label={t('dutyPages.records.reason')}>
                {record.rejectReason}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {record.detail ? (
            <Card size="small" title={t('dutyPages.records.detail')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {record.detail}
              </Typography.Paragraph>
            </Card>
          ) : null}
          <Card size="small" title={t('dutyPages.records.evidence', { n: record.fileCount })}>
            <RecordEvidence recordId={record.id} />
          </Card>
          <Card size="small" title={t('dutyPages.records.timeline')}>
            <EventTimeline
              testId="duty-record-timeline"
              emptyText={t('dutyPages.records.noTimeline')}
              events={(timeline.data?.items ?? []).map((e) => ({
                at: e.at,
                label: t(`dutyPages.records.event.${e.event}`, { defaultValue: e.event }),
                actor: e.actorName,
                note: e.note,
              }))}
            />
          </Card>
        </Space>
      ) : null}
    </Drawer>
  );
}
