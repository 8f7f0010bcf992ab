import { PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Grid,
  Input,
  Modal,
  Radio,
  Row,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hotlineKinds } from '../../../../shared/errands.ts';
import { phonePattern } from '../../../../shared/rules.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors, useOpenings } from '../../forms.ts';
import {
  HOTLINES_API,
  type HotlineKind,
  hotlineKindColor,
  itemsOf,
  rosterKey,
  type THotline,
  type THotlineInput,
  useRosterLabels,
} from './roster.model.ts';

/** The org's hotlines (active or not), shared by the hotline card and the shift form. */
export function useHotlines(orgId: number) {
  return useQuery({
    queryKey: [...rosterKey, 'hotlines', orgId],
    // The server lists the subtree's lines; the page is about one union.
    queryFn: async () =>
      itemsOf(await api.get<{ items: THotline[] }>(HOTLINES_API, { orgId })).filter(
        (h) => h.org.id === orgId,
      ),
  });
}

/** 值守电话: the union's duty and complaint lines (the seed: 5 phones staffed 24 hours). */
export function HotlinesCard({ orgId, canEdit }: { orgId: number; canEdit: boolean }) {
  const { t } = useTranslation();
  const label = useRosterLabels();
  const hotlines = useHotlines(orgId);
  const screens = Grid.useBreakpoint();
  const [editing, setEditing] = useState<THotline | 'new' | null>(null);
  const items = hotlines.data ?? [];
  const active = items.filter((h) => h.active).length;

  const numberLink = (h: THotline) => (
    <a href={`tel:${h.number}`} className="nj-hs-mono">
      <PhoneOutlined /> {h.number}
    </a>
  );
  const kindTag = (h: THotline) => (
    <Tag color={hotlineKindColor[h.kind]} style={{ marginInlineEnd: 0 }}>
      {label('hotlineKind', h.kind)}
    </Tag>
  );
  const stateTag = (h: THotline) => (
    <Tag color={h.active ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
      {h.active ? t('errandRoster.hotline.active') : t('errandRoster.hotline.inactive')}
    </Tag>
  );
  const editLink = (h: THotline) => (
    <Typography.Link onClick={() => setEditing(h)} data-testid={`errand-hotline-edit-${h.id}`}>
      {t('action.edit')}
    </Typography.Link>
  );
  // Phones: name over number, use over hours and state, so nothing scrolls sideways.
  const narrow: TableColumnsType<THotline> = [
    {
      key: 'line',
      title: t('errandRoster.hotline.label'),
      render: (_, h) => (
        <div>
          <Typography.Text strong={h.active}>{h.label}</Typography.Text>
          <div>{numberLink(h)}</div>
        </div>
      ),
    },
    {
      key: 'use',
      title: t('errandRoster.hotline.kind'),
      render: (_, h) => (
        <div className="nj-er-tags">
          {kindTag(h)}
          {stateTag(h)}
          {h.allDay ? null : <span>{t('errandRoster.hotline.partDay')}</span>}
        </div>
      ),
    },
    ...(canEdit ? [{ key: 'actions', width: 56, render: (_: unknown, h: THotline) => editLink(h) }] : []),
  ];
  const columns: TableColumnsType<THotline> = [
    {
      key: 'label',
      title: t('errandRoster.hotline.label'),
      render: (_, h) => <Typography.Text strong={h.active}>{h.label}</Typography.Text>,
    },
    {
      key: 'number',
      title: t('errandRoster.hotline.number'),
      render: (_, h) => numberLink(h),
    },
    { key: 'kind', title: t('errandRoster.hotline.kind'), render: (_, h) => kindTag(h) },
    {
      key: 'allDay',
      title: t('errandRoster.hotline.hours'),
      render: (_, h) => (h.allDay ? t('errandRoster.hotline.allDay') : t('errandRoster.hotline.partDay')),
    },
    {
      key: 'active',
      title: t('errandRoster.hotline.state'),
      render: (_, h) => stateTag(h),
    },
    ...(canEdit
      ? [
          {
            key: 'actions',
            title: t('errandRoster.col.actions'),
            render: (_: unknown, h: THotline) => editLink(h),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('errandRoster.hotline.title')}
      data-testid="errand-hotlines"
      extra={
        canEdit ? (
          <Button
            size="small"
            type="primary"
            ghost
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="errand-hotline-new"
          >
            {t('errandRoster.hotline.new')}
          </Button>
        ) : null
      }
      styles={{ body: { paddingTop: 8 } }}
    >
      {hotlines.isError && !hotlines.data ? (
        <Alert
          type="error"
          showIcon
          title={t('errandRoster.hotline.loadFailed')}
          description={errorMessage(hotlines.error)}
          action={
            <Button size="small" onClick={() => void hotlines.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {hotlines.data ? t('errandRoster.hotline.summary', { count: items.length, active }) : ' '}
          </Typography.Paragraph>
          <Table<THotline>
            rowKey="id"
            size="small"
            columns={screens.sm ? columns : narrow}
            dataSource={items}
            loading={hotlines.isPending}
            pagination={false}
            scroll={screens.sm ? { x: 560 } : undefined}
            rowClassName={(h) => (h.active ? '' : 'nj-er-muted')}
            locale={{ emptyText: t('errandRoster.hotline.empty') }}
          />
        </>
      )}
      <HotlineFormModal
        open={editing !== null}
        orgId={orgId}
        hotline={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
    </Card>
  );
}

interface Values {
  label?: string;
  number?: string;
  kind?: HotlineKind;
  allDay?: boolean;
  active?: boolean;
}

function HotlineFormModal(props: Parameters<typeof HotlineFormModalDialog>[0]) {
  // A new form each time it opens (see useOpenings).
  return <HotlineFormModalDialog key={useOpenings(props.open)} {...props} />;
}

function HotlineFormModalDialog({
  open,
  orgId,
  hotline,
  onClose,
}: {
  open: boolean;
  orgId: number;
  hotline: THotline | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useRosterLabels();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const submit = async (v: Values) => {
    const body: THotlineInput = {
      label: v.label?.trim() ?? '',
      number: v.number?.trim() ?? '',
      kind: v.kind ?? 'duty',
      allDay: v.allDay ?? true,
      active: v.active ?? true,
    };
    setSaving(true);
    try {
      if (hotline) await api.patch<THotline>(`${HOTLINES_API}/${hotline.id}`, body);
      else await api.post<THotline>(`${HOTLINES_API}?orgId=${orgId}`, body);
      message.success(hotline ? t('msg.saved') : t('errandRoster.hotline.created', { label: body.label }));
      await client.invalidateQueries({ queryKey: rosterKey });
      onClose();
    } catch (e) {
      if (!showFieldErrors(form, e)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={hotline ? `${t('errandRoster.hotline.edit')} · ${hotline.label}` : t('errandRoster.hotline.new')}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('action.save')}
      okButtonProps={{ 'data-testid': 'errand-hotline-submit' }}
      cancelText={t('action.cancel')}
      mask={{ closable: false }}
      width={560}
      destroyOnHidden
    >
      <Form<Values>
        name="errandHotlineForm"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={
          hotline
            ? {
                label: hotline.label,
                number: hotline.number,
                kind: hotline.kind,
                allDay: hotline.allDay,
                active: hotline.active,
              }
            : { kind: 'duty', allDay: true, active: true }
        }
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="label"
              label={t('errandRoster.hotline.label')}
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('msg.required', { field: t('errandRoster.hotline.label') }),
                },
                { max: 20 },
              ]}
            >
              <Input
                maxLength={20}
                placeholder={t('errandRoster.hotline.labelPlaceholder')}
                data-testid="errand-hotline-label"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="number"
              label={t('errandRoster.hotline.number')}
              rules={[
                { required: true, message: t('msg.required', { field: t('errandRoster.hotline.number') }) },
                { pattern: phonePattern, message: t('errandRoster.hotline.numberInvalid') },
              ]}
            >
              <Input
                maxLength={13}
                inputMode="tel"
                placeholder="0311-12345678"
                data-testid="errand-hotline-number"
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="kind" label={t('errandRoster.hotline.kind')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={hotlineKinds.map((k) => ({ value: k, label: label('hotlineKind', k) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="allDay" label={t('errandRoster.hotline.allDay')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="active"
              label={t('errandRoster.hotline.state')}
              valuePropName="checked"
              extra={t('errandRoster.hotline.activeHint')}
            >
              <Switch
                checkedChildren={t('errandRoster.hotline.active')}
                unCheckedChildren={t('errandRoster.hotline.inactive')}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
