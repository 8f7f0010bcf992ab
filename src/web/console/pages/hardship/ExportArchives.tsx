import { ExportOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../shared/api.ts';
import { errorMessage } from '../../forms.ts';

type Filters = Record<string, string | number | undefined>;

/**
 * 导出 Excel of the list with its current filters: masked; with 导出完整身份证号 (shown only to roles
 * that may see personal data) full ID numbers, mobiles and addresses, audited by the server.
 */
export function ExportArchives({ filters, canUnmask }: { filters: Filters; canUnmask: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [unmasked, setUnmasked] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      await api.download(
        '/api/v1/hardship/archives/export',
        { ...filters, unmasked: canUnmask && unmasked ? 'true' : undefined },
        t('hardshipImport.exportFile'),
      );
      message.success(t('hardshipImport.exported'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space size={8}>
      <Button
        icon={<ExportOutlined />}
        loading={busy}
        onClick={() => void run()}
        data-testid="hardship-export"
      >
        {t('hardshipImport.export')}
      </Button>
      {canUnmask ? (
        <Tooltip title={t('hardshipImport.exportUnmaskedHint')}>
          <Checkbox
            checked={unmasked}
            onChange={(e) => setUnmasked(e.target.checked)}
            data-testid="hardship-export-unmasked"
          >
            {t('hardshipImport.exportUnmasked')}
          </Checkbox>
        </Tooltip>
      ) : null}
    </Space>
  );
}
