import { Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TDutyRecord } from '../../../../shared/duty.ts';
import { signedPoints, sourceLink } from './api.ts';
import { sourceLabel } from './duty-pages.i18n.ts';

/** A record's points, the base points when the cap cut them, and "not counted" for other states. */
export function PointsCell({ r }: { r: TDutyRecord }) {
  const { t } = useTranslation();
  const counts = r.state === 'counted' || r.state === 'approved';
  if (r.state === 'pending')
    return <Typography.Text type="secondary">{t('dutyPages.records.afterReview')}</Typography.Text>;
  if (!counts) return <Typography.Text type="secondary">{t('dutyPages.records.notCounted')}</Typography.Text>;
  const color = r.points > 0 ? '#389e0d' : r.points < 0 ? '#cf1322' : undefined;
  return (
    <span>
      <span style={{ color, fontWeight: 600 }}>{signedPoints(r.points)}</span>
      {r.capped ? (
        <Tooltip title={t('dutyPages.records.cappedTip', { p: signedPoints(r.basePoints) })}>
          <Tag color="orange" style={{ marginLeft: 4, marginRight: 0 }} data-testid="duty-record-capped">
            {t('dutyPages.records.capped')}
          </Tag>
        </Tooltip>
      ) : null}
    </span>
  );
}

/** The source label with a link to the proposal or session the record came from. */
export function SourceCell({ r }: { r: TDutyRecord }) {
  const { t } = useTranslation();
  const link = sourceLink(r);
  return (
    <span>
      {sourceLabel(r.source)}
      {link ? (
        <>
          {' · '}
          <Link to={link.to}>{t(`dutyPages.records.open.${link.kind}`)}</Link>
        </>
      ) : null}
    </span>
  );
}
