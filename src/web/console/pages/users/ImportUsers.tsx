import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUserImportResult } from '../../../../shared/users.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage } from '../../forms.ts';
import { usersKey } from './model.ts';

interface RowProblems {
  row: number;
  messages: string[];
}

/** Problems of the import grouped by Excel row. */
function byRow(result: TUserImportResult): RowProblems[] {
  const rows = new Map<number, string[]>();
  for (const e of result.errors) {
    const list = rows.get(e.row) ?? [];
    list.push(e.field ? `${e.field}：${e.message}` : e.message);
    rows.set(e.row, list);
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([row, messages]) => ({ row, messages }));
}

/** 下载导入模板 and 导入 (Excel upload with a per-row result). */
export function ImportUsers() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [uploading, setUploading] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const [result, setResult] = useState<TUserImportResult | null>(null);
  const [open, setOpen] = useState(false);

  const downloadTemplate = async () => {
    setDownloading(true);
    try {
      await api.download('/api/v1/users/import-template', undefined, t('users.import.templateFile'));
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
      const r = await api.upload<TUserImportResult>('/api/v1/users/import', form);
      setResult(r);
      setOpen(true);
      if (r.created > 0) await client.invalidateQueries({ queryKey: usersKey });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setUploading(false);
    }
  };

  const problems = result ? byRow(result) : [];

  return (
    <>
      <Space wrap size={8}>
        <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => void downloadTemplate()}>
          {t('users.import.template')}
        </Button>
        {/* The label makes the test id reach the file input (setInputFiles) as well as the button. */}
        <label htmlFor="user-import-file" data-testid="user-import" style={{ display: 'inline-block' }}>
          <Upload
            id="user-import-file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            showUploadList={false}
            maxCount={1}
            disabled={uploading}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading}>
              {t('users.import.button')}
            </Button>
          </Upload>
        </label>
      </Space>
      <Modal
        title={t('users.import.resultTitle')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => setOpen(false)}
        okText={t('action.confirm')}
        cancelButtonProps={{ style: { display: 'none' } }}
        width={640}
        destroyOnHidden
      >
        {result ? (
          <div data-testid="user-import-result">
            <div style={{ display: 'flex', gap: 32, flexWrap: 'wrap', margin: '8px 0 16px' }}>
              <Statistic title={t('users.import.total')} value={result.total} />
              <Statistic
                title={t('users.import.created')}
                value={result.created}
                styles={{ content: { color: result.created > 0 ? '#389e0d' : undefined } }}
              />
              <Statistic
                title={t('users.import.failed')}
                value={result.failed}
                styles={{ content: { color: result.failed > 0 ? '#cf1322' : undefined } }}
              />
            </div>
            {problems.length === 0 ? (
              <Alert type="success" showIcon title={t('users.import.allOk', { count: result.created })} />
            ) : (
              <>
                <Alert
                  type="warning"
                  showIcon
                  title={t('users.import.someFailed', { count: result.failed })}
                  style={{ marginBottom: 12 }}
                />
                <Table<RowProblems>
                  data-testid="user-import-errors"
                  size="small"
                  rowKey="row"
                  dataSource={problems}
                  pagination={problems.length > 10 ? { pageSize: 10, size: 'small' } : false}
                  columns={[
                    {
                      title: t('users.import.row'),
                      dataIndex: 'row',
                      width: 90,
                      render: (row: number) => t('users.import.rowN', { row }),
                    },
                    {
                      title: t('users.import.problems'),
                      dataIndex: 'messages',
                      render: (messages: string[]) => (
                        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                          {messages.map((m) => (
                            <li key={m}>
                              <Typography.Text>{m}</Typography.Text>
                            </li>
                          ))}
                        </ul>
                      ),
                    },
                  ]}
                />
              </>
            )}
          </div>
        ) : null}
      </Modal>
    </>
  );
}
