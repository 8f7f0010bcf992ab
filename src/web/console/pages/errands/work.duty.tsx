import { PhoneOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../shared/format.ts';
import { errorMessage } from '../../forms.ts';
import { telHref, useDutyNow, useErrandLabels } from './work.model.ts';

/**
 * 值守信息: the union's hotline numbers and who is on duty now (`GET /duty?orgId=`).
 * Selectors: errand-duty-card, errand-duty-hotline (each number), errand-duty-person (each cadre on duty).
 */
export function DutyCard({ orgId }: { orgId: number | undefined }) {
  const { t, i18n } = useTranslation();
  const label = useErrandLabels();
  const duty = useDutyNow(orgId);
  const d = duty.data;
  return (
    <Card
      size="small"
      title={
        <Space size={6}>
          <PhoneOutlined />
          {t('errandWork.duty.title')}
        </Space>
      }
      extra={<Link to="/errands/roster">{t('errandWork.duty.roster')}</Link>}
      data-testid="errand-duty-card"
    >
      {duty.isPending && orgId !== undefined ? (
        <Skeleton active paragraph={{ rows: 3 }} title={false} />
      ) : duty.isError ? (
        <Alert
          type="warning"
          showIcon
          title={t('errandWork.duty.failed')}
          description={errorMessage(duty.error)}
        />
      ) : duty.isSuccess && d === null ? (
        <Typography.Text type="secondary" data-testid="errand-duty-none">
          {t('errandWork.duty.none')}
        </Typography.Text>
      ) : d ? (
        <>
          {d.hotlines.length === 0 ? (
            <Typography.Text type="secondary">{t('errandWork.duty.noHotlines')}</Typography.Text>
          ) : (
            <div style={{ display: 'grid', gap: 6 }}>
              {d.hotlines.map((h) => (
                <div
                  key={`${h.label}-${h.number}`}
                  data-testid="errand-duty-hotline"
                  style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}
                >
                  <span>
                    {h.label}{' '}
                    <Tag style={{ marginInlineEnd: 0 }} color={h.kind === 'duty' ? 'blue' : 'orange'}>
                      {label('hotline', h.kind)}
                    </Tag>
                  </span>
                  <Typography.Text strong className="nj-hs-mono">
                    {telHref(h.number) ? <a href={telHref(h.number) ?? undefined}>{h.number}</a> : h.number}
                    {h.allDay ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                        {t('errandWork.duty.allDay')}
                      </Typography.Text>
                    ) : null}
                  </Typography.Text>
                </div>
              ))}
            </div>
          )}
          <Typography.Text strong style={{ display: 'block', margin: '12px 0 6px' }}>
            {t('errandWork.duty.onDuty')}
          </Typography.Text>
          {d.onDuty.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t('errandWork.duty.nobody')}
              style={{ margin: '4px 0' }}
            />
          ) : (
            <div style={{ display: 'grid', gap: 4 }}>
              {d.onDuty.map((p) => (
                <div key={`${p.name}-${p.until}`} data-testid="errand-duty-person">
                  <UserOutlined /> {p.name}
                  {p.hotline ? <Typography.Text type="secondary"> · {p.hotline}</Typography.Text> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    · {t('errandWork.duty.until', { time: formatDateTime(p.until, i18n.language) })}
                  </Typography.Text>
                </div>
              ))}
            </div>
          )}
        </>
      ) : null}
    </Card>
  );
}
