/*
 * 评论审核 (/appeals/comments): workers' comments on the union's appeals waiting for a cadre, oldest
 * first as the server gives them; 公开 or 不予公开 (with a reason the commenter sees) on each row.
 * Selectors for browser tests:
 *   appeal-comments-queue (the table), pending-comment-<id> (the row's text cell), comment-approve-<id>,
 *   comment-reject-<id> (dialog: comment-reject-reason, comment-reject-submit).
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { DEFAULT_PAGE_SIZE, listSearchParams, PAGE_SIZES, ServerTable } from '../components/ServerTable.tsx';
import { ModerateActions } from './appeals/dialogs.tsx';
import { APPEALS, type Page, pendingCommentsKey, type TPendingComment } from './appeals/model.ts';
import './hardship/hardship.css';

export default function AppealCommentsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const pageSize = PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE;
  const lang = i18n.language;

  const list = useQuery({
    queryKey: [...pendingCommentsKey, page, pageSize],
    queryFn: () => api.get<Page<TPendingComment>>(`${APPEALS}/comments/pending`, { page, pageSize }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

  const columns: TableColumnsType<TPendingComment> = [
    {
      key: 'appeal',
      title: t('appealWork.queue.appeal'),
      width: 240,
      render: (_, r) => (
        <div>
          <Link to={`/appeals/${r.appeal.id}`} className="nj-hs-mono">
            {r.appeal.code}
          </Link>
          <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.appeal.title }} style={{ margin: 0 }}>
            {r.appeal.title}
          </Typography.Paragraph>
        </div>
      ),
    },
    { key: 'author', title: t('appealWork.queue.author'), width: 120, render: (_, r) => r.author },
    {
      key: 'text',
      title: t('appealWork.queue.text'),
      render: (_, r) => (
        <div style={{ whiteSpace: 'pre-wrap', minWidth: 200 }} data-testid={`pending-comment-${r.id}`}>
          {r.text}
        </div>
      ),
    },
    {
      key: 'at',
      title: t('appealWork.queue.at'),
      width: 150,
      render: (_, r) => <span className="nj-hs-mono">{formatDateTime(r.createdAt, lang)}</span>,
    },
    {
      key: 'actions',
      title: t('appealWork.queue.actions'),
      width: 170,
      render: (_, r) => <ModerateActions commentId={r.id} />,
    },
  ];

  return (
    <div className="nj-hs">
      <Link to="/appeals">
        <ArrowLeftOutlined /> {t('appealWork.detail.back')}
      </Link>
      <Typography.Title level={2} style={{ fontSize: 20, margin: '12px 0 4px' }}>
        {t('appealWork.queue.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('appealWork.queue.subtitle')}</Typography.Paragraph>
      <Card size="small">
        <div className="nj-hs-toolbar">
          <Typography.Text type="secondary" aria-live="polite">
            {list.data ? t('appealWork.queue.total', { count: list.data.total }) : ''}
          </Typography.Text>
        </div>
        <ServerTable<TPendingComment>
          list={list}
          columns={columns}
          page={page}
          pageSize={pageSize}
          onPage={(p, s) => setParams(listSearchParams({}, p, s))}
          filtered={false}
          onClearFilters={() => setParams(new URLSearchParams())}
          scrollX={900}
          testId="appeal-comments-queue"
          text={{
            loadFailed: t('appealWork.queue.loadFailed'),
            empty: t('appealWork.queue.empty'),
            emptyFiltered: t('appealWork.queue.empty'),
            clearFilters: t('appealWork.list.clearFilters'),
          }}
        />
      </Card>
    </div>
  );
}
