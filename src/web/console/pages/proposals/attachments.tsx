import { FileOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Image, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFile } from '../../../../shared/files.ts';
import type { TProposal } from '../../../../shared/proposals.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage } from '../../forms.ts';
import { proposalKey } from './model.ts';

const fileUrl = (id: string) => `/api/v1/files/${id}`;

/** 1.2 MB, 350 KB. */
const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * The proposal's own attachments (platform files on `proposals.proposal` other than those of its
 * progress updates and replies, which are listed with them): images as thumbnails that open in the
 * viewer, documents as download links with their names.
 */
export function ProposalAttachments({ proposal: p }: { proposal: Pick<TProposal, 'id' | 'updates'> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const files = useQuery({
    queryKey: [...proposalKey(p.id), 'attachments'],
    queryFn: () =>
      api.get<{ items: TFile[] }>('/api/v1/files', {
        entityType: 'proposals.proposal',
        entityId: String(p.id),
      }),
    retry: false,
  });
  const used = new Set(p.updates.flatMap((u) => u.fileIds));
  const own = (files.data?.items ?? []).filter((f) => !used.has(f.id));
  const images = own.filter((f) => f.mime.startsWith('image/'));
  const docs = own.filter((f) => !f.mime.startsWith('image/'));
  const download = (f: TFile) => {
    api.download(fileUrl(f.id), undefined, f.originalName).catch((err: unknown) => {
      message.error(errorMessage(err));
    });
  };
  return (
    <Card
      size="small"
      title={
        own.length
          ? t('proposalWork.detail.attachmentsCount', { count: own.length })
          : t('proposalWork.detail.attachments')
      }
      style={{ marginBottom: 16 }}
      data-testid="proposal-attachments"
      loading={files.isPending}
    >
      {files.isError ? (
        <Typography.Text type="danger">{errorMessage(files.error)}</Typography.Text>
      ) : own.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('proposalWork.detail.noAttachments')} />
      ) : (
        <>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
            {t('proposalWork.detail.attachmentsHint')}
          </Typography.Text>
          {images.length ? (
            <Image.PreviewGroup>
              <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: docs.length ? 8 : 0 }}>
                {images.map((f) => (
                  <Image
                    key={f.id}
                    src={fileUrl(f.id)}
                    alt={f.originalName}
                    width={104}
                    height={104}
                    style={{ objectFit: 'cover', borderRadius: 6 }}
                    data-testid="proposal-attachment-image"
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
                  onClick={() => download(f)}
                  data-testid="proposal-attachment-doc"
                >
                  {f.originalName}
                  <Typography.Text type="secondary"> · {size(f.size)}</Typography.Text>
                </Button>
              ))}
            </Space>
          ) : null}
        </>
      )}
    </Card>
  );
}
