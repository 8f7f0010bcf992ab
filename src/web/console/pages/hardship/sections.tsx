/** The six sections of an archive (一户一档), each with its editor when the archive may change. */
import {
  DeleteOutlined,
  EditOutlined,
  EyeInvisibleOutlined,
  EyeOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  housingTypes,
  measureStatuses,
  suggestCategory,
  type TArchivePii,
} from '../../../../shared/hardship.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { errorMessage, numberRange } from '../../forms.ts';
import { orNull } from './CreateArchiveModal.tsx';
import { BasicFields, CauseFields, chooseRule, IncomeFields, requiredRule } from './fields.tsx';
import { MembersModal } from './MembersModal.tsx';
import {
  categoryColor,
  fenText,
  type HardshipCategory,
  type TArchive,
  toFen,
  toYuan,
  useLabels,
} from './model.ts';
import { SectionModal } from './SectionModal.tsx';

export interface SectionProps {
  archive: TArchive;
  /** `can('hardship.update')` and the archive is live. */
  editable: boolean;
}

const dash = (v: ReactNode) => (v === null || v === undefined || v === '' ? '—' : v);

function EditBar({
  onEdit,
  testid,
  children,
}: {
  onEdit?: () => void;
  testid: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  if (!onEdit && !children) return null;
  return (
    <div className="nj-hs-section-bar">
      {children}
      {onEdit ? (
        <Button icon={<EditOutlined />} onClick={onEdit} data-testid={testid}>
          {t('hardship.detail.edit')}
        </Button>
      ) : null}
    </div>
  );
}

const descColumn = { xs: 1, sm: 2, lg: 3 };

// ---------------------------------------------------------------- 基本信息

export function BasicSection({ archive, editable, canReveal }: SectionProps & { canReveal: boolean }) {
  const { t, i18n } = useTranslation();
  const label = useLabels();
  const [editing, setEditing] = useState(false);
  const [revealing, setRevealing] = useState(false);
  const [editingMembers, setEditingMembers] = useState(false);
  const b = archive.basic;
  const pii = useMutation({
    mutationFn: () => api.get<TArchivePii>(`/api/v1/hardship/archives/${archive.id}/pii`),
  });
  const full = pii.data;

  type V = { basic: Record<string, string | null | undefined> };
  return (
    <>
      <EditBar onEdit={editable ? () => setEditing(true) : undefined} testid="hardship-edit-basic">
        {canReveal && full ? (
          <Button icon={<EyeInvisibleOutlined />} onClick={() => pii.reset()} data-testid="hardship-hide">
            {t('hardship.pii.hide')}
          </Button>
        ) : canReveal ? (
          <Button icon={<EyeOutlined />} onClick={() => setRevealing(true)} data-testid="hardship-reveal">
            {t('hardship.pii.button')}
          </Button>
        ) : null}
      </EditBar>
      <Descriptions bordered size="small" column={descColumn}>
        <Descriptions.Item label={t('hardship.field.name')}>{b.name}</Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.idCard')}>
          <span className="nj-hs-mono">{full?.idCard ?? b.idCard}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.sex')}>{label('sex', b.sex)}</Descriptions.Item>
        {/* The full date is 8 of the ID number's hidden digits: only the year until 查看完整信息. */}
        <Descriptions.Item label={t(full ? 'hardship.field.birthDate' : 'hardship.field.birthYear')}>
          <span data-testid="hardship-birth">{full ? full.birthDate : b.birthYear}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.mobile')}>
          <span className="nj-hs-mono">{dash(full ? full.mobile : b.mobile)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.ethnicity')}>{dash(b.ethnicity)}</Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.health')}>
          {label('health', b.health)}
          {b.disabilityCategory ? `（${label('disability', b.disabilityCategory)}）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.workStatus')}>
          {label('work', b.workStatus)}
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.employer')}>{dash(b.employer)}</Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.employerUnion')}>
          {dash(b.employerUnion)}
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.org')}>{archive.org.name}</Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.channel')}>
          {label('channel', archive.channel)}
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.address')} span={{ xs: 1, sm: 2, lg: 3 }}>
          {dash(full ? full.address : b.address)}
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.bankName')}>{dash(b.bankName)}</Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.bankAccount')}>
          <span className="nj-hs-mono">{dash(full ? full.bankAccount : b.bankAccount)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.createdAt')}>
          {formatDateTime(archive.createdAt, i18n.language)}
        </Descriptions.Item>
      </Descriptions>

      <div className="nj-hs-members-title">
        <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
          {t('hardship.field.members')}
        </Typography.Title>
        {editable ? (
          <Button
            icon={<EditOutlined />}
            onClick={() => setEditingMembers(true)}
            data-testid="hardship-edit-members"
          >
            {t('hardship.members.edit')}
          </Button>
        ) : null}
      </div>
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        scroll={{ x: 640 }}
        dataSource={b.members.map((m, i) => ({ ...m, idCard: full?.members[i]?.idCard ?? m.idCard }))}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hardship.members.empty')} />,
        }}
        columns={[
          {
            key: 'name',
            title: t('hardship.field.memberName'),
            render: (_, m) => (
              <Space size={4} wrap>
                {m.name}
                {m.archived ? <Tag color="orange">{t('hardship.members.archived')}</Tag> : null}
              </Space>
            ),
          },
          { key: 'relation', title: t('hardship.field.relation'), dataIndex: 'relation' },
          {
            key: 'idCard',
            title: t('hardship.field.idCard'),
            render: (_, m) => <span className="nj-hs-mono">{dash(m.idCard)}</span>,
          },
          { key: 'health', title: t('hardship.field.health'), render: (_, m) => label('health', m.health) },
          {
            key: 'income',
            title: t('hardship.field.memberIncome'),
            render: (_, m) => fenText(m.annualIncomeFen),
          },
          {
            key: 'school',
            title: t('hardship.field.schoolOrEmployer'),
            render: (_, m) => dash(m.schoolOrEmployer),
          },
        ]}
      />

      <Modal
        title={t('hardship.pii.title')}
        open={revealing}
        onCancel={() => setRevealing(false)}
        onOk={() => {
          pii.mutate(undefined, { onSuccess: () => setRevealing(false) });
        }}
        okText={t('hardship.pii.confirm')}
        cancelText={t('action.cancel')}
        confirmLoading={pii.isPending}
        okButtonProps={{ 'data-testid': 'hardship-reveal-ok' }}
      >
        <Alert type="warning" showIcon title={t('hardship.pii.audited')} />
        {pii.isError ? (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 12 }}
            title={t('hardship.pii.failed')}
            description={errorMessage(pii.error)}
          />
        ) : null}
      </Modal>

      <MembersModal
        archive={archive}
        open={editingMembers}
        onClose={() => {
          setEditingMembers(false);
          // Revealed IDs are by position: after an edit they would sit next to the wrong member.
          pii.reset();
        }}
      />
      <SectionModal<V>
        archive={archive}
        open={editing}
        onClose={() => setEditing(false)}
        title={t('hardship.tab.basic')}
        initialValues={{
          basic: {
            name: b.name,
            ethnicity: b.ethnicity,
            health: b.health,
            disabilityCategory: b.disabilityCategory,
            workStatus: b.workStatus,
            employer: b.employer,
            employerUnion: b.employerUnion,
            bankName: b.bankName,
          },
        }}
        toBody={({ basic: v }) => {
          const out: Record<string, unknown> = {
            name: v.name?.trim(),
            ethnicity: orNull(v.ethnicity),
            health: v.health,
            disabilityCategory: v.health === 'disabled' ? (v.disabilityCategory ?? null) : null,
            workStatus: v.workStatus,
            employer: orNull(v.employer),
            employerUnion: orNull(v.employerUnion),
            bankName: orNull(v.bankName),
          };
          // Masked on screen: only what was typed replaces the stored value.
          for (const k of ['mobile', 'address', 'bankAccount'] as const) {
            const typed = orNull(v[k]);
            if (typed) out[k] = typed;
          }
          return { basic: out };
        }}
      >
        {(form) => (
          <BasicFields
            form={form}
            masked={{ mobile: b.mobile, address: b.address, bankAccount: b.bankAccount }}
          />
        )}
      </SectionModal>
    </>
  );
}

// ---------------------------------------------------------------- 致困原因

export function CausesSection({ archive, editable }: SectionProps) {
  const { t } = useTranslation();
  const label = useLabels();
  const [editing, setEditing] = useState(false);
  const c = archive.causes;
  return (
    <>
      <EditBar onEdit={editable ? () => setEditing(true) : undefined} testid="hardship-edit-causes" />
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('hardship.field.mainCause')}>
          <Tag color="red">{label('cause', c.main)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.secondary')}>
          {c.secondary.length ? (
            <Space size={[4, 4]} wrap>
              {c.secondary.map((s) => (
                <Tag key={s}>{label('cause', s)}</Tag>
              ))}
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.otherText')}>{dash(c.otherText)}</Descriptions.Item>
      </Descriptions>
      <SectionModal
        archive={archive}
        open={editing}
        onClose={() => setEditing(false)}
        title={t('hardship.tab.causes')}
        initialValues={{ causes: { main: c.main, secondary: c.secondary, otherText: c.otherText } }}
        toBody={(v: { causes: TArchive['causes'] }) => ({
          causes: {
            main: v.causes.main,
            secondary: v.causes.secondary ?? [],
            otherText: orNull(v.causes.otherText),
          },
        })}
      >
        {(form) => <CauseFields form={form} />}
      </SectionModal>
    </>
  );
}

// ---------------------------------------------------------------- 收入情况

interface IncomeValues {
  income: {
    annualIncomeFen: number | null;
    medicalExpenseFen: number | null;
    schoolingExpenseFen: number | null;
    householdSize: number;
    category: HardshipCategory | null;
    categoryReason: string | null;
  };
}

export function IncomeSection({ archive, editable }: SectionProps) {
  const { t } = useTranslation();
  const label = useLabels();
  const [editing, setEditing] = useState(false);
  const i = archive.income;
  const catTag = (c: HardshipCategory | null, empty: string) =>
    c ? (
      <Tag color={categoryColor[c]}>{label('category', c)}</Tag>
    ) : (
      <Typography.Text type="secondary">{empty}</Typography.Text>
    );
  return (
    <>
      <EditBar onEdit={editable ? () => setEditing(true) : undefined} testid="hardship-edit-income" />
      <Descriptions bordered size="small" column={descColumn}>
        <Descriptions.Item label={t('hardship.field.annualIncome')}>
          {fenText(i.annualIncomeFen)}
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.medical')}>
          {fenText(i.medicalExpenseFen)}
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.schooling')}>
          {fenText(i.schoolingExpenseFen)}
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.householdSize')}>{i.householdSize}</Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.perCapita')}>
          <Typography.Text strong>
            {t('hardship.hint.perMonth', { amount: fenText(i.perCapitaMonthlyFen) })}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.dibaoAssessed')}>
          {t('hardship.hint.perMonth', { amount: fenText(i.dibaoMonthlyFen) })}
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.suggestedCategory')}>
          {catTag(i.suggestedCategory, t('hardship.hint.noSuggestion'))}
        </Descriptions.Item>
        <Descriptions.Item label={t('hardship.field.category')} span={{ xs: 1, sm: 1, lg: 2 }}>
          {catTag(i.category, t('hardship.unconfirmed'))}
          {i.categoryReason ? <Typography.Text type="secondary">{i.categoryReason}</Typography.Text> : null}
        </Descriptions.Item>
      </Descriptions>
      <SectionModal<IncomeValues>
        archive={archive}
        open={editing}
        onClose={() => setEditing(false)}
        title={t('hardship.tab.income')}
        initialValues={{
          income: {
            annualIncomeFen: toYuan(i.annualIncomeFen),
            medicalExpenseFen: toYuan(i.medicalExpenseFen),
            schoolingExpenseFen: toYuan(i.schoolingExpenseFen),
            householdSize: i.householdSize,
            category: i.category ?? i.suggestedCategory,
            categoryReason: i.categoryReason,
          },
        }}
        toBody={({ income: v }) => ({
          income: {
            annualIncomeFen: toFen(v.annualIncomeFen),
            medicalExpenseFen: toFen(v.medicalExpenseFen),
            schoolingExpenseFen: toFen(v.schoolingExpenseFen),
            householdSize: v.householdSize,
            category: v.category ?? null,
            categoryReason: orNull(v.categoryReason),
          },
        })}
      >
        {(form) => (
          <IncomeFields form={form} dibaoFen={i.dibaoMonthlyFen} mainCause={archive.causes.main}>
            <Col xs={24} sm={12}>
              <Form.Item name={['income', 'category']} label={t('hardship.field.category')}>
                <Select<HardshipCategory>
                  allowClear
                  placeholder={t('hardship.unconfirmed')}
                  options={(['deep', 'relative', 'accident'] as const).map((c) => ({
                    value: c,
                    label: label('category', c),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name={['income', 'categoryReason']}
                label={t('hardship.field.categoryReason')}
                extra={t('hardship.hint.categoryReason')}
                dependencies={[
                  ['income', 'category'],
                  ['income', 'annualIncomeFen'],
                  ['income', 'householdSize'],
                ]}
                rules={[
                  { max: 500 },
                  ({ getFieldValue }) => ({
                    validator: async (_, v: string | null | undefined) => {
                      const category = getFieldValue(['income', 'category']) as HardshipCategory | null;
                      const size = getFieldValue(['income', 'householdSize']) as number | null;
                      if (!category || !size || v?.trim()) return;
                      const suggested = suggestCategory({
                        annualIncomeFen: toFen(getFieldValue(['income', 'annualIncomeFen'])),
                        medicalExpenseFen: toFen(getFieldValue(['income', 'medicalExpenseFen'])),
                        schoolingExpenseFen: toFen(getFieldValue(['income', 'schoolingExpenseFen'])),
                        householdSize: size,
                        mainCause: archive.causes.main,
                        dibaoMonthlyFen: i.dibaoMonthlyFen,
                      });
                      if (category !== suggested) throw new Error(t('hardship.hint.categoryReason'));
                    },
                  }),
                ]}
              >
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </Col>
          </IncomeFields>
        )}
      </SectionModal>
    </>
  );
}

// ---------------------------------------------------------------- 住房情况

interface HousingValues {
  housing: { type?: TArchive['basic']['health'] | string; areaM2?: number | null; condition?: string | null };
}

export function HousingSection({ archive, editable }: SectionProps) {
  const { t } = useTranslation();
  const label = useLabels();
  const [editing, setEditing] = useState(false);
  const h = archive.housing;
  return (
    <>
      <EditBar onEdit={editable ? () => setEditing(true) : undefined} testid="hardship-edit-housing" />
      {h ? (
        <Descriptions bordered size="small" column={descColumn}>
          <Descriptions.Item label={t('hardship.field.housingType')}>
            {label('housing', h.type)}
          </Descriptions.Item>
          <Descriptions.Item label={t('hardship.field.area')}>{dash(h.areaM2)}</Descriptions.Item>
          <Descriptions.Item label={t('hardship.field.condition')}>{dash(h.condition)}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hardship.housing.none')} />
      )}
      <SectionModal<HousingValues>
        archive={archive}
        open={editing}
        onClose={() => setEditing(false)}
        title={t('hardship.tab.housing')}
        width={560}
        initialValues={{
          housing: { type: h?.type, areaM2: h?.areaM2 ?? null, condition: h?.condition ?? null },
        }}
        toBody={({ housing: v }) => ({
          housing: {
            type: v.type as (typeof housingTypes)[number],
            areaM2: v.areaM2 ?? null,
            condition: orNull(v.condition),
          },
        })}
      >
        {() => (
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item
                name={['housing', 'type']}
                label={t('hardship.field.housingType')}
                rules={[chooseRule(t, t('hardship.field.housingType'))]}
              >
                <Select options={housingTypes.map((v) => ({ value: v, label: label('housing', v) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name={['housing', 'areaM2']}
                label={t('hardship.field.area')}
                rules={[numberRange(t, t('hardship.field.area'), 0, 10_000)]}
              >
                <InputNumber<number> precision={1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                name={['housing', 'condition']}
                label={t('hardship.field.condition')}
                rules={[{ max: 200 }]}
              >
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
        )}
      </SectionModal>
    </>
  );
}

// ---------------------------------------------------------------- 解困脱困计划

interface MeasureValue {
  type: string;
  responsible: string;
  targetDate: Dayjs | null;
  status: (typeof measureStatuses)[number];
  result: string | null;
}

export function PlanSection({ archive, editable }: SectionProps) {
  const { t } = useTranslation();
  const label = useLabels();
  const [editing, setEditing] = useState(false);
  return (
    <>
      <EditBar onEdit={editable ? () => setEditing(true) : undefined} testid="hardship-edit-plan" />
      <Table
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        scroll={{ x: 640 }}
        dataSource={archive.plan}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hardship.plan.empty')} />,
        }}
        columns={[
          { key: 'type', title: t('hardship.plan.type'), dataIndex: 'type' },
          { key: 'responsible', title: t('hardship.plan.responsible'), dataIndex: 'responsible' },
          { key: 'target', title: t('hardship.plan.targetDate'), render: (_, m) => dash(m.targetDate) },
          {
            key: 'status',
            title: t('hardship.plan.status'),
            render: (_, m) => (
              <Tag color={m.status === 'done' ? 'green' : m.status === 'ongoing' ? 'blue' : undefined}>
                {label('measure', m.status)}
              </Tag>
            ),
          },
          { key: 'result', title: t('hardship.plan.result'), render: (_, m) => dash(m.result) },
        ]}
      />
      <SectionModal<{ plan: MeasureValue[] }>
        archive={archive}
        open={editing}
        onClose={() => setEditing(false)}
        title={t('hardship.tab.plan')}
        width={820}
        initialValues={{
          plan: archive.plan.map((m) => ({ ...m, targetDate: m.targetDate ? dayjs(m.targetDate) : null })),
        }}
        toBody={(v) => ({
          plan: (v.plan ?? []).map((m) => ({
            type: m.type.trim(),
            responsible: m.responsible.trim(),
            targetDate: m.targetDate ? m.targetDate.format('YYYY-MM-DD') : null,
            status: m.status,
            result: orNull(m.result),
          })),
        })}
      >
        {() => (
          <Form.List name="plan">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, n) => (
                  <div
                    key={f.key}
                    style={{
                      border: '1px solid #f0f0f0',
                      borderRadius: 6,
                      padding: '12px 12px 0',
                      marginBottom: 12,
                    }}
                  >
                    <Row gutter={12}>
                      <Col xs={24} sm={8}>
                        <Form.Item
                          name={[f.name, 'type']}
                          label={`${n + 1}. ${t('hardship.plan.type')}`}
                          rules={[requiredRule(t, t('hardship.plan.type')), { max: 40 }]}
                        >
                          <Input maxLength={40} placeholder="就业帮扶" />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={8}>
                        <Form.Item
                          name={[f.name, 'responsible']}
                          label={t('hardship.plan.responsible')}
                          rules={[requiredRule(t, t('hardship.plan.responsible')), { max: 40 }]}
                        >
                          <Input maxLength={40} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={8}>
                        <Form.Item name={[f.name, 'targetDate']} label={t('hardship.plan.targetDate')}>
                          <DatePicker style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={8}>
                        <Form.Item name={[f.name, 'status']} label={t('hardship.plan.status')}>
                          <Select
                            options={measureStatuses.map((s) => ({ value: s, label: label('measure', s) }))}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={13}>
                        <Form.Item
                          name={[f.name, 'result']}
                          label={t('hardship.plan.result')}
                          rules={[{ max: 500 }]}
                        >
                          <Input maxLength={500} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={3} style={{ display: 'flex', alignItems: 'center' }}>
                        <Button
                          danger
                          type="text"
                          icon={<DeleteOutlined />}
                          onClick={() => remove(f.name)}
                          aria-label={`${t('hardship.plan.remove')} ${n + 1}`}
                          style={{ marginBottom: 24 }}
                        >
                          {t('hardship.plan.remove')}
                        </Button>
                      </Col>
                    </Row>
                  </div>
                ))}
                {fields.length < 30 ? (
                  <Button
                    type="dashed"
                    block
                    icon={<PlusOutlined />}
                    onClick={() =>
                      add({ type: '', responsible: '', targetDate: null, status: 'planned', result: null })
                    }
                  >
                    {t('hardship.plan.add')}
                  </Button>
                ) : null}
              </>
            )}
          </Form.List>
        )}
      </SectionModal>
    </>
  );
}
