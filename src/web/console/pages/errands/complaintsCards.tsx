import { PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../../shared/format.ts';
import { maskMobile, outcomeColor, type TComplaint, useRosterLabels } from './roster.model.ts';

/** Complaints on a phone: one card each (code, state, who, what, the answer or the 答复 button). */
export function ComplaintCards({
  items,
  loading,
  emptyText,
  onAnswer,
}: {
  items: TComplaint[];
  loading: boolean;
  emptyText: string;
  /** Absent when the user may not answer. */
  onAnswer?: ((c: TComplaint) => void) | undefined;
}) {
  const { t, i18n } = useTranslation();
  const label = useRosterLabels();
  const lang = i18n.language;
  if (items.length === 0)
    return loading ? (
      <div style={{ height: 120 }} />
    ) : (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
    );
  return (
    <div className="nj-er-cards" data-testid="errand-complaints-cards">
      {items.map((c) => (
        <Card key={c.id} size="small" className="nj-er-card">
          <div className="nj-er-card-head">
            <Link
              to={`/errands/${c.errandId}`}
              className="nj-hs-mono"
              data-testid={`errand-complaint-errand-${c.id}`}
            >
              {c.errandCode}
            </Link>
            <Tag color={c.state === 'open' ? 'gold' : 'green'} style={{ marginInlineEnd: 0 }}>
              {label('complaintState', c.state)}
            </Tag>
          </div>
          <div className="nj-er-card-meta">
            {formatDateTime(c.createdAt, lang)} · {c.name}{' '}
            {c.mobile.includes('*') ? (
              <span className="nj-hs-mono">{c.mobile}</span>
            ) : (
              <a href={`tel:${c.mobile}`} className="nj-hs-mono">
                <PhoneOutlined /> {maskMobile(c.mobile)}
              </a>
            )}
          </div>
          <Typography.Paragraph style={{ margin: '6px 0' }}>{c.content}</Typography.Paragraph>
          {c.state === 'answered' ? (
            <div className="nj-er-answer">
              {c.outcome ? (
                <Tag color={outcomeColor[c.outcome]} style={{ marginBottom: 4 }}>
                  {label('complaintOutcome', c.outcome)}
                </Tag>
              ) : null}
              {c.answer ? <div>{c.answer}</div> : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('errandRoster.complaint.answeredBy', {
                  name: c.answeredBy ?? '—',
                  at: formatDateTime(c.answeredAt, lang),
                })}
              </Typography.Text>
            </div>
          ) : onAnswer ? (
            <Button
              type="primary"
              block
              onClick={() => onAnswer(c)}
              data-testid={`errand-complaint-answer-${c.id}`}
            >
              {t('errandRoster.complaint.answerAction')}
            </Button>
          ) : null}
        </Card>
      ))}
    </div>
  );
}
