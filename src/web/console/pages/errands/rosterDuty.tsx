import { PhoneOutlined, ReloadOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TNearestDuty } from '../../../../shared/errands.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage } from '../../forms.ts';
import {
  bjDay,
  bjTime,
  DUTY_API,
  hotlineKindColor,
  rosterKey,
  shortDay,
  useRosterLabels,
} from './roster.model.ts';

/** The current time, refreshed every `ms`. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/** 当前值班: who is on duty now and the numbers to call, big enough to pin on the duty room's wall. */
export function DutyNowCard({ orgId }: { orgId: number }) {
  const { t } = useTranslation();
  const label = useRosterLabels();
  const now = useNow();
  const duty = useQuery({
    queryKey: [...rosterKey, 'duty', orgId],
    // The union serving this org: when it is not the org itself, the org has no line in use (yet),
    // a state to show rather than a failed request.
    queryFn: async () => (await api.get<TNearestDuty>(`${DUTY_API}/nearest`, { orgId })).duty,
    refetchInterval: 60_000,
  });
  const closed = duty.isSuccess && duty.data?.org.id !== orgId;
  const d = closed ? undefined : duty.data;
  const today = bjDay(now);
  const until = (iso: string) => {
    const day = bjDay(iso);
    if (day === today) return bjTime(iso);
    return day === bjDay(now + 86_400_000)
      ? t('errandRoster.duty.nextDay', { time: bjTime(iso) })
      : `${shortDay(day)} ${bjTime(iso)}`;
  };

  return (
    <Card
      className="nj-er-duty"
      data-testid="errand-duty-now"
      title={
        <span className="nj-er-duty-title">
          {t('errandRoster.duty.title')}
          <span className="nj-er-clock" aria-live="off">
            {t('errandRoster.duty.now', { time: bjTime(now) })}
          </span>
        </span>
      }
      extra={
        <Button
          type="text"
          size="small"
          icon={<ReloadOutlined />}
          onClick={() => void duty.refetch()}
          aria-label={t('errandRoster.duty.refresh')}
          loading={duty.isFetching}
        />
      }
    >
      {closed && !d ? (
        <Alert
          type="warning"
          showIcon
          title={t('errandRoster.duty.closed')}
          description={t('errandRoster.duty.closedHint')}
        />
      ) : duty.isError && !d ? (
        <Alert
          type="error"
          showIcon
          title={t('errandRoster.duty.loadFailed')}
          description={errorMessage(duty.error)}
        />
      ) : !d ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          {d.onDuty.length === 0 ? (
            <Alert
              type="warning"
              showIcon
              title={t('errandRoster.duty.nobody')}
              description={t('errandRoster.duty.nobodyHint')}
              style={{ marginBottom: 16 }}
            />
          ) : (
            <ul className="nj-er-onduty">
              {d.onDuty.map((p) => (
                <li key={`${p.name}-${p.until}-${p.hotline ?? ''}`}>
                  <UserOutlined className="nj-er-onduty-icon" aria-hidden />
                  <div>
                    <div className="nj-er-onduty-name">{p.name}</div>
                    <div className="nj-er-onduty-meta">
                      {p.hotline ? <span>{p.hotline} · </span> : null}
                      {t('errandRoster.duty.until', { time: until(p.until) })}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <Typography.Text type="secondary" className="nj-er-duty-sub">
            {t('errandRoster.duty.numbers', { count: d.hotlines.length })}
          </Typography.Text>
          {d.hotlines.length === 0 ? (
            <Typography.Paragraph type="secondary">{t('errandRoster.duty.noNumbers')}</Typography.Paragraph>
          ) : (
            <ul className="nj-er-numbers">
              {d.hotlines.map((h) => (
                <li key={`${h.label}-${h.number}`}>
                  <a href={`tel:${h.number}`} className="nj-er-number">
                    <PhoneOutlined /> {h.number}
                  </a>
                  <span className="nj-er-number-label">{h.label}</span>
                  <Tag color={hotlineKindColor[h.kind]} style={{ marginInlineEnd: 0 }}>
                    {label('hotlineKind', h.kind)}
                  </Tag>
                  {h.allDay ? (
                    <Tag style={{ marginInlineEnd: 0 }}>{t('errandRoster.hotline.allDay')}</Tag>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}
