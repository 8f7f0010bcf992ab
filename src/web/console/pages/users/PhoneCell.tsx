import { EyeOutlined } from '@ant-design/icons';
import { App, Button, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TUser, TUserPii } from '../../../../shared/users.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage } from '../../forms.ts';

/** The masked phone, and for user.viewPii a 查看 link that reads the full number (audited). */
export function PhoneCell({ user, canReveal }: { user: TUser; canReveal: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [loading, setLoading] = useState(false);
  if (!user.phone) return <Typography.Text type="secondary">—</Typography.Text>;

  const reveal = async () => {
    setLoading(true);
    try {
      const pii = await api.get<TUserPii>(`/api/v1/users/${user.id}/pii`);
      modal.info({
        title: t('users.pii.title', { name: user.displayName }),
        okText: t('action.confirm'),
        content: (
          <div>
            <Typography.Paragraph
              copyable={pii.mobile ? { text: pii.mobile } : false}
              style={{ fontSize: 22, fontWeight: 600, letterSpacing: 1, margin: '8px 0' }}
              data-testid="user-pii-mobile"
            >
              {pii.mobile ?? '—'}
            </Typography.Paragraph>
            <Typography.Text type="secondary">{t('users.pii.audited')}</Typography.Text>
          </div>
        ),
      });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Space size={4} wrap={false}>
      <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{user.phone}</span>
      {canReveal ? (
        <Tooltip title={t('users.pii.hint')}>
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            loading={loading}
            onClick={() => void reveal()}
            aria-label={t('users.pii.aria', { name: user.displayName })}
            style={{ paddingInline: 4 }}
          >
            {t('users.pii.view')}
          </Button>
        </Tooltip>
      ) : null}
    </Space>
  );
}
