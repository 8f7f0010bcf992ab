import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format.ts';

/** One step of a record's progress as the server tells it (label already in the user's words). */
export interface TimelineEntry {
  at: string;
  label: string;
  actor: string | null;
  note: string | null;
}

/** A record's progress, oldest first, the latest step in red; an empty state when nothing happened yet. */
export function EventTimeline({
  events,
  testId,
  emptyText,
}: {
  events: readonly TimelineEntry[];
  testId: string;
  emptyText: string;
}) {
  const { i18n } = useTranslation();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />;
  return (
    <Timeline
      data-testid={testId}
      items={events.map((e, i) => ({
        key: `${e.at}-${i}`,
        color: i === events.length - 1 ? 'red' : 'gray',
        content: (
          <div>
            <Typography.Text strong>{e.label}</Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at, i18n.language)}
                {e.actor ? ` · ${e.actor}` : ''}
              </Typography.Text>
            </div>
            {e.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div> : null}
          </div>
        ),
      }))}
    />
  );
}
