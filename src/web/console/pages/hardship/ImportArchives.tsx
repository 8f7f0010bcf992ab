import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Progress, Space, Statistic, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TImportRun } from '../../../../shared/hardship-import.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage } from '../../forms.ts';
import { hardshipKey } from './model.ts';

const BASE = '/api/v1/hardship/archives';
const running = (run: TImportRun | undefined) => run?.state === 'queued' || run?.state === 'running';

/** The progress and result of one import run, polled every second while it runs. */
function RunProgress({ runId }: { runId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const run = useQuery({
    queryKey: [...hardshipKey, 'import', runId],
    queryFn: async () => {
      const r = await api.get<TImportRun>(`${BASE}/imports/${runId}`);
      // New archives appear in the list as batches land.
      if (r.importedRows > 0) void client.invalidateQueries({ queryKey: [...hardshipKey, 'list'] });
      return r;
    },
    refetchInterval: (q) => (running(q.state.data) || !q.state.data ? 1000 : false),
  });
  const r = run.data;
  if (!r) return <Progress percent={0} status="active" />;
  const downloadErrors = async () => {
    if (!r.errorFileId) return;
    try {
      await api.download(`/api/v1/files/${r.errorFileId}`, undefined, t('hardshipImport.errorReportFile'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const status = r.state === 'failed' ? 'exception' : r.state === 'done' ? 'success' : 'active';
  return (
    <div data-testid="hardship-import-run" data-state={r.state}>
      <Typography.Text strong>{t(`hardshipImport.state.${r.state}`)}</Typography.Text>
      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
        {r.originalName}
      </Typography.Text>
      <Progress
        percent={r.progress}
        status={status}
        aria-label={t(`hardshipImport.state.${r.state}`)}
        data-testid="hardship-import-progress"
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {r.totalRows === null
          ? t('hardshipImport.processedUnknown', { processed: r.processedRows })
          : t('hardshipImport.processed', { processed: r.processedRows, total: r.totalRows })}
      </Typography.Text>
      <div style={{ display: 'flex', gap: 32, flexWrap: 'wrap', margin: '12px 0' }}>
        <Statistic title={t('hardshipImport.total')} value={r.processedRows} />
        <Statistic
          title={t('hardshipImport.imported')}
          value={r.importedRows}
          styles={{ content: { color: r.importedRows > 0 ? '#389e0d' : undefined } }}
        />
        <Statistic
          title={t('hardshipImport.failed')}
          value={r.failedRows}
          styles={{ content: { color: r.failedRows > 0 ? '#cf1322' : undefined } }}
        />
      </div>
      {r.failure ? <Alert type="error" showIcon title={r.failure} style={{ marginBottom: 12 }} /> : null}
      {r.state === 'done' && r.failedRows === 0 ? (
        <Alert type="success" showIcon title={t('hardshipImport.allOk', { count: r.importedRows })} />
      ) : null}
      {!running(r) && r.failedRows > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('hardshipImport.someFailed', { count: r.failedRows })}
          action={
            r.errorFileId ? (
              <Button
                size="small"
                icon={<DownloadOutlined />}
                onClick={() => void downloadErrors()}
                data-testid="hardship-import-errors"
              >
                {t('hardshipImport.errorReport')}
              </Button>
            ) : null
          }
        />
      ) : null}
    </div>
  );
}

/** 下载模板 and 批量导入 (upload, then a progress bar until the job is done, then the counts). */
export function ImportArchives({ orgId, ownOrgName }: { orgId?: number | undefined; ownOrgName: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const [runId, setRunId] = useState<number | null>(null);
  // Rows without 所属组织 go to the list's org filter, else the caller's own org.
  const org = useQuery({
    queryKey: ['orgs', orgId],
    queryFn: () => api.get<{ id: number; name: string }>(`/api/v1/orgs/${orgId}`),
    enabled: open && orgId !== undefined,
  });
  const orgName = orgId === undefined ? ownOrgName : (org.data?.name ?? '…');

  const downloadTemplate = async () => {
    setDownloading(true);
    try {
      await api.download(`${BASE}/import-template`, undefined, t('hardshipImport.templateFile'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setDownloading(false);
    }
  };

  const upload = async (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    setUploading(true);
    try {
      const path = orgId ? `${BASE}/imports?orgId=${orgId}` : `${BASE}/imports`;
      const run = await api.upload<TImportRun>(path, form);
      setRunId(run.id);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setUploading(false);
    }
  };

  return (
    <>
      <Button
        icon={<DownloadOutlined />}
        loading={downloading}
        onClick={() => void downloadTemplate()}
        data-testid="hardship-import-template"
      >
        {t('hardshipImport.template')}
      </Button>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="hardship-import">
        {t('hardshipImport.import')}
      </Button>
      <Modal
        title={t('hardshipImport.title')}
        open={open}
        onCancel={() => setOpen(false)}
        width={600}
        destroyOnHidden
        afterClose={() => setRunId(null)}
        footer={
          <Space>
            {runId !== null ? (
              <Button onClick={() => setRunId(null)} data-testid="hardship-import-again">
                {t('hardshipImport.again')}
              </Button>
            ) : null}
            <Button type="primary" onClick={() => setOpen(false)}>
              {t('hardshipImport.close')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('hardshipImport.intro')}</Typography.Paragraph>
        {runId === null ? (
          <>
            <Typography.Paragraph>{t('hardshipImport.defaultOrg', { org: orgName })}</Typography.Paragraph>
            <label
              htmlFor="hardship-import-file"
              data-testid="hardship-import-file"
              style={{ display: 'block' }}
            >
              <Upload.Dragger
                id="hardship-import-file"
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                showUploadList={false}
                maxCount={1}
                disabled={uploading}
                beforeUpload={(file) => {
                  void upload(file);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">
                  {uploading ? t('hardshipImport.uploading') : t('hardshipImport.drop')}
                </p>
                <p className="ant-upload-hint">{t('hardshipImport.dropHint')}</p>
              </Upload.Dragger>
            </label>
          </>
        ) : (
          <RunProgress runId={runId} />
        )}
      </Modal>
    </>
  );
}
