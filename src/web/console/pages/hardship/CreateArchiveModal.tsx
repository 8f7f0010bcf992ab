import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, Divider, Form, Input, Modal, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HardshipCause, TCreateArchiveInput } from '../../../../shared/hardship.ts';
import { checkIdCard } from '../../../../shared/idcard.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage, showFieldErrors } from '../../forms.ts';
import { useSession } from '../../session.tsx';
import { withFieldHints } from '../users/model.ts';
import { OrgSelect } from '../users/OrgSelect.tsx';
import { BasicFields, CauseFields, chooseRule, IncomeFields, requiredRule } from './fields.tsx';
import { hardshipKey, type TArchive, toFen } from './model.ts';

export interface CreateValues {
  orgId?: number;
  basic: {
    name: string;
    idCard: string;
    mobile?: string;
    ethnicity?: string;
    health: TCreateArchiveInput['basic']['health'];
    disabilityCategory?: TCreateArchiveInput['basic']['disabilityCategory'];
    workStatus: TCreateArchiveInput['basic']['workStatus'];
    employer?: string;
    employerUnion?: string;
    address?: string;
    bankName?: string;
    bankAccount?: string;
  };
  causes: { main: HardshipCause; secondary?: HardshipCause[]; otherText?: string };
  income: {
    annualIncomeFen: number | null;
    medicalExpenseFen?: number | null;
    schoolingExpenseFen?: number | null;
    householdSize: number;
  };
}

/** Empty text is "not given" (`null`), so the server does not store blanks. */
export const orNull = (v: string | null | undefined) => {
  const s = v?.trim();
  return s ? s : null;
};

/** 新建档案（窗口受理）: the fields the create contract requires, with the usual optional ones. */
export function CreateArchiveModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (a: TArchive) => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [form] = Form.useForm<CreateValues>();
  const [saving, setSaving] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const home = me.active?.org;
  const orgId = Form.useWatch('orgId', form) as number | undefined;

  const dibao = useQuery({
    queryKey: [...hardshipKey, 'dibao', orgId],
    queryFn: () => api.get<{ dibaoMonthlyFen: number }>('/api/v1/hardship/settings/dibao', { orgId }),
    enabled: open && orgId !== undefined,
    staleTime: 60_000,
  });

  const submit = async (v: CreateValues) => {
    if (v.orgId === undefined) return;
    const b = v.basic;
    const body: TCreateArchiveInput = {
      orgId: v.orgId,
      basic: {
        name: b.name.trim(),
        idCard: b.idCard.trim().toUpperCase(),
        mobile: orNull(b.mobile),
        ethnicity: orNull(b.ethnicity),
        health: b.health,
        disabilityCategory: b.health === 'disabled' ? (b.disabilityCategory ?? null) : null,
        workStatus: b.workStatus,
        employer: orNull(b.employer),
        employerUnion: orNull(b.employerUnion),
        address: orNull(b.address),
        bankName: orNull(b.bankName),
        bankAccount: orNull(b.bankAccount),
        members: [],
      },
      causes: {
        main: v.causes.main,
        secondary: v.causes.secondary ?? [],
        otherText: orNull(v.causes.otherText),
      },
      income: {
        annualIncomeFen: toFen(v.income.annualIncomeFen),
        medicalExpenseFen: toFen(v.income.medicalExpenseFen),
        schoolingExpenseFen: toFen(v.income.schoolingExpenseFen),
        householdSize: v.income.householdSize,
      },
      plan: [],
    };
    setSaving(true);
    try {
      const created = await api.post<TArchive>('/api/v1/hardship/archives', body);
      message.success(t('hardship.create.done', { name: created.basic.name }));
      await client.invalidateQueries({ queryKey: hardshipKey });
      onCreated(created);
    } catch (e) {
      const hinted = withFieldHints(e, { DUPLICATE_ARCHIVE: 'basic.idCard', ORG_INACTIVE: 'orgId' });
      if (!showFieldErrors(form, hinted)) message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('hardship.create.title')}
      open={open}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okText={t('hardship.create.ok')}
      cancelText={t('action.cancel')}
      okButtonProps={{ 'data-testid': 'hardship-create-submit' }}
      mask={{ closable: false }}
      width={760}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('hardship.create.intro')} style={{ marginBottom: 16 }} />
      <Form<CreateValues>
        name="hardshipCreate"
        form={form}
        layout="vertical"
        onFinish={submit}
        preserve={false}
        initialValues={{
          orgId: home?.id,
          basic: { health: 'healthy', workStatus: 'employed' },
          causes: { secondary: [] },
          income: { householdSize: 1, medicalExpenseFen: 0, schoolingExpenseFen: 0 },
        }}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="orgId"
              label={t('hardship.field.org')}
              rules={[chooseRule(t, t('hardship.field.org'))]}
            >
              <OrgSelect activeOnly known={home ? [home] : []} placeholder={t('users.org.pick')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name={['basic', 'idCard']}
              label={t('hardship.field.idCard')}
              extra={t('hardship.hint.idCard')}
              validateTrigger="onBlur"
              rules={[
                requiredRule(t, t('hardship.field.idCard')),
                {
                  validator: async (_, v: string | undefined) => {
                    const check = v?.trim() ? checkIdCard(v) : null;
                    if (check && !check.ok)
                      throw new Error(t(`hardship.hint.idCardProblem.${check.problem}`));
                  },
                },
              ]}
            >
              <Input autoComplete="off" maxLength={18} data-testid="hardship-create-idcard" />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('hardship.create.sectionBasic')}
        </Divider>
        <BasicFields form={form} />
        <Divider titlePlacement="start" plain>
          {t('hardship.create.sectionCauses')}
        </Divider>
        <CauseFields form={form} />
        <Divider titlePlacement="start" plain>
          {t('hardship.create.sectionIncome')}
        </Divider>
        <IncomeFields form={form} dibaoFen={dibao.data?.dibaoMonthlyFen} />
      </Form>
    </Modal>
  );
}
