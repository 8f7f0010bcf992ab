import {
  ApartmentOutlined,
  EditOutlined,
  PlusOutlined,
  PoweroffOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Descriptions,
  Input,
  Popconfirm,
  Skeleton,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TOrg } from '../../../../shared/orgs.ts';
import { errorMessage } from '../../forms.ts';
import { useSession } from '../../session.tsx';
import { MoveOrgModal, OrgFormModal } from './OrgModals.tsx';
import { ancestorIds, depthOf, isPartner, orgKeys, orgsApi } from './orgsApi.ts';

export interface OrgChange {
  kind: 'created' | 'updated' | 'moved' | 'state';
  org: TOrg;
}

interface Props {
  orgId: number;
  /** The org the session acts in: the top of what the caller sees. */
  acting: { id: number; path: string };
  onSelect: (id: number) => void;
  onChanged: (change: OrgChange) => Promise<void>;
}

/** A button, disabled with the reason in a tooltip when the action is not possible now. */
function ActionButton({ reason, children }: { reason: string | null; children: ReactNode }) {
  if (!reason) return children;
  return (
    <Tooltip title={reason}>
      <span>{children}</span>
    </Tooltip>
  );
}

/** The selected org: its facts and what the caller may do with it. */
export function OrgDetail({ orgId, acting, onSelect, onChanged }: Props) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const [modal, setModal] = useState<'create' | 'edit' | 'move' | null>(null);
  const [note, setNote] = useState('');

  const one = useQuery({ queryKey: orgKeys.one(orgId), queryFn: () => orgsApi.one(orgId) });
  const childTotal = useQuery({
    queryKey: orgKeys.childTotal(orgId),
    queryFn: () => orgsApi.childTotal(orgId),
  });
  const activeChildren = useQuery({
    queryKey: orgKeys.activeChildTotal(orgId),
    queryFn: () => orgsApi.activeChildTotal(orgId),
  });
  const org = one.data;
  const ancestors = useQueries({
    queries: (org ? ancestorIds(org, depthOf(acting.path)) : []).map((id) => ({
      queryKey: orgKeys.one(id),
      queryFn: () => orgsApi.one(id),
    })),
  });

  if (one.isPending) return <Skeleton active paragraph={{ rows: 7 }} />;
  if (one.isError || !org) {
    return (
      <Alert
        type="warning"
        showIcon
        title={one.error ? errorMessage(one.error) : t('orgs.notFound')}
        action={
          <Button size="small" onClick={() => onSelect(acting.id)}>
            {t('action.back')}
          </Button>
        }
      />
    );
  }

  const isOwn = org.id === acting.id;
  const inactive = org.state === 'inactive';
  const parent = ancestors.at(-1)?.data;

  const createReason = inactive
    ? t('orgs.reason.inactive')
    : isPartner(org.type)
      ? t('orgs.reason.partner')
      : null;
  const editReason = inactive ? t('orgs.reason.inactive') : null;
  const moveReason = isOwn ? t('orgs.reason.ownOrg') : inactive ? t('orgs.reason.inactive') : null;
  // Said on the button before it is pressed, rather than by the server's refusal after.
  const deactivateReason = isOwn
    ? t('orgs.reason.ownOrg')
    : (activeChildren.data ?? 0) > 0
      ? t('orgs.reason.activeChildren', { count: activeChildren.data })
      : null;

  const changeState = async (event: 'deactivate' | 'activate') => {
    try {
      const saved = await orgsApi.setState(org.id, event, note.trim());
      message.success(
        t(event === 'deactivate' ? 'orgs.deactivated' : 'orgs.activated', { name: saved.name }),
      );
      await onChanged({ kind: 'state', org: saved });
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const stateConfirm = (event: 'deactivate' | 'activate') => (
    <Popconfirm
      title={t(event === 'deactivate' ? 'orgs.deactivateTitle' : 'orgs.activateTitle', { name: org.name })}
      description={
        <div className="nj-org-confirm">
          {event === 'deactivate' && <Typography.Paragraph>{t('orgs.deactivateText')}</Typography.Paragraph>}
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('orgs.notePlaceholder')}
            aria-label={t('orgs.field.note')}
          />
        </div>
      }
      okText={t(`orgs.action.${event}`)}
      cancelText={t('action.cancel')}
      okButtonProps={{ danger: event === 'deactivate' }}
      onOpenChange={(open) => {
        if (open) setNote('');
      }}
      onConfirm={() => changeState(event)}
    >
      <Button
        danger={event === 'deactivate'}
        icon={<PoweroffOutlined />}
        data-testid={event === 'deactivate' ? 'org-deactivate' : 'org-activate'}
      >
        {t(`orgs.action.${event}`)}
      </Button>
    </Popconfirm>
  );

  const actions = [
    can('org.create') && (
      <ActionButton key="create" reason={createReason}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          disabled={createReason !== null}
          onClick={() => setModal('create')}
          data-testid="org-create-child"
        >
          {t('orgs.action.createChild')}
        </Button>
      </ActionButton>
    ),
    can('org.update') && (
      <ActionButton key="edit" reason={editReason}>
        <Button
          icon={<EditOutlined />}
          disabled={editReason !== null}
          onClick={() => setModal('edit')}
          data-testid="org-rename"
        >
          {t('orgs.action.edit')}
        </Button>
      </ActionButton>
    ),
    can('org.move') && (
      <ActionButton key="move" reason={moveReason}>
        <Button
          icon={<SwapOutlined />}
          disabled={moveReason !== null}
          onClick={() => setModal('move')}
          data-testid="org-move"
        >
          {t('orgs.action.move')}
        </Button>
      </ActionButton>
    ),
    !inactive &&
      can('org.deactivate') &&
      (deactivateReason ? (
        <ActionButton key="deactivate" reason={deactivateReason}>
          <Button danger disabled icon={<PoweroffOutlined />} data-testid="org-deactivate">
            {t('orgs.action.deactivate')}
          </Button>
        </ActionButton>
      ) : (
        <span key="deactivate">{stateConfirm('deactivate')}</span>
      )),
    inactive && can('org.activate') && <span key="activate">{stateConfirm('activate')}</span>,
  ].filter(Boolean);

  const pathItems = [
    ...ancestors.map((a, i) => ({
      key: a.data?.id ?? `a${i}`,
      title: a.data ? (
        <Typography.Link onClick={() => onSelect(a.data.id)}>{a.data.name}</Typography.Link>
      ) : (
        '…'
      ),
    })),
    { key: org.id, title: org.name },
  ];

  return (
    <div>
      <Space align="center" wrap size={[8, 4]} style={{ display: 'flex', marginBottom: 12 }}>
        <ApartmentOutlined style={{ fontSize: 18, color: '#c8102e' }} aria-hidden />
        <Typography.Title level={3} style={{ margin: 0, fontSize: 18 }}>
          {org.name}
        </Typography.Title>
        <Tag color={inactive ? 'default' : 'green'}>{t(`orgs.state.${org.state}`)}</Tag>
      </Space>
      {actions.length > 0 ? (
        <Space wrap style={{ marginBottom: 16 }}>
          {actions}
        </Space>
      ) : (
        <Typography.Paragraph type="secondary">{t('orgs.readOnly')}</Typography.Paragraph>
      )}
      <Descriptions
        bordered
        size="small"
        styles={{ label: { whiteSpace: 'nowrap' } }}
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          { key: 'type', label: t('orgs.field.type'), children: t(`orgs.type.${org.type}`) },
          { key: 'region', label: t('orgs.field.regionCode'), children: org.regionCode ?? '—' },
          {
            key: 'path',
            label: t('orgs.field.path'),
            span: { xs: 1, sm: 1, md: 2 },
            children: <Breadcrumb items={pathItems} />,
          },
          {
            key: 'state',
            label: t('orgs.field.state'),
            children: <Tag color={inactive ? 'default' : 'green'}>{t(`orgs.state.${org.state}`)}</Tag>,
          },
          {
            key: 'children',
            label: t('orgs.field.childCount'),
            children:
              childTotal.data === undefined
                ? '—'
                : childTotal.data === 0
                  ? t('orgs.none')
                  : t('orgs.childCountValue', { count: childTotal.data }),
          },
          { key: 'id', label: t('orgs.field.id'), children: org.id },
        ]}
      />
      {modal === 'create' && (
        <OrgFormModal
          mode="create"
          org={org}
          onClose={() => setModal(null)}
          onDone={async (created) => {
            setModal(null);
            await onChanged({ kind: 'created', org: created });
          }}
        />
      )}
      {modal === 'edit' && (
        <OrgFormModal
          mode="edit"
          org={org}
          onClose={() => setModal(null)}
          onDone={async (saved) => {
            setModal(null);
            await onChanged({ kind: 'updated', org: saved });
          }}
        />
      )}
      {modal === 'move' && (
        <MoveOrgModal
          org={org}
          parentName={parent?.name}
          onClose={() => setModal(null)}
          onDone={async (moved) => {
            setModal(null);
            await onChanged({ kind: 'moved', org: moved });
          }}
        />
      )}
    </div>
  );
}
