/** 材料附件: the files attached to a hardship archive (list, download, upload). */
import { DownloadOutlined, FileOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, List, Skeleton, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCX_MIME, fileAccept, type TFile, XLSX_MIME } from '../../../../shared/files.ts';
import { api, withQuery } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { errorMessage } from '../../forms.ts';
import { hardshipKey } from './model.ts';

const ENTITY_TYPE = 'hardship.archive';
const docsKey = (id: number) => [...hardshipKey, 'docs', id] as const;

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function typeKey(mime: string): 'image' | 'pdf' | 'xlsx' | 'docx' | 'other' {
  if (mime.startsWith('image/')) return 'image';
  if (mime === 'application/pdf') return 'pdf';
  if (mime === XLSX_MIME) return 'xlsx';
  if (mime === DOCX_MIME) return 'docx';
  return 'other';
}

export function DocumentsSection({ archiveId, canUpload }: { archiveId: number; canUpload: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [uploading, setUploading] = useState(false);
  const owner = { entityType: ENTITY_TYPE, entityId: String(archiveId) };
  const files = useQuery({
    queryKey: docsKey(archiveId),
    queryFn: () => api.get<{ items: TFile[] }>('/api/v1/files', owner),
  });

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const form = new FormData();
      form.append('file', file);
      const saved = await api.upload<TFile>(withQuery('/api/v1/files', owner), form);
      message.success(t('hardship.docs.uploaded', { name: saved.originalName }));
      await qc.invalidateQueries({ queryKey: docsKey(archiveId) });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };

  const download = (f: TFile) => {
    api.download(`/api/v1/files/${f.id}`, undefined, f.originalName).catch((err: unknown) => {
      message.error(errorMessage(err));
    });
  };

  return (
    <section aria-label={t('hardship.docs.aria')} data-testid="hardship-docs">
      {canUpload ? (
        <div style={{ marginBottom: 12 }}>
          <Upload
            accept={fileAccept}
            showUploadList={false}
            disabled={uploading}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading} data-testid="hardship-docs-upload">
              {uploading ? t('hardship.docs.uploading') : t('hardship.docs.upload')}
            </Button>
          </Upload>
          <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 13 }}>
            {t('hardship.docs.hint')}
          </Typography.Paragraph>
        </div>
      ) : null}
      {files.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : files.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('hardship.docs.loadFailed')}
          description={errorMessage(files.error)}
          action={
            <Button size="small" onClick={() => void files.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      ) : files.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hardship.docs.empty')} />
      ) : (
        <List
          dataSource={files.data.items}
          rowKey="id"
          renderItem={(f) => (
            <List.Item
              actions={[
                <Button
                  key="download"
                  type="link"
                  size="small"
                  icon={<DownloadOutlined />}
                  onClick={() => download(f)}
                >
                  {t('hardship.docs.download')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                avatar={<FileOutlined style={{ fontSize: 20, color: '#8c8c8c', marginTop: 4 }} />}
                title={<span style={{ wordBreak: 'break-all' }}>{f.originalName}</span>}
                description={
                  <Space size={8} wrap>
                    <Tag style={{ marginInlineEnd: 0 }}>{t(`hardship.docs.type.${typeKey(f.mime)}`)}</Tag>
                    <span>{formatSize(f.size)}</span>
                    {f.uploadedBy ? (
                      <span>{t('hardship.docs.uploadedBy', { name: f.uploadedBy.displayName })}</span>
                    ) : null}
                    <span>{formatDateTime(f.createdAt, i18n.language)}</span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </section>
  );
}
