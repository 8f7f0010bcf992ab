/** Form fields the create form and the section editors share. */
import { Col, Form, type FormInstance, Input, InputNumber, Row, Select, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  disabilityCategories,
  hardshipCauses,
  healthStatuses,
  suggestCategory,
  workStatuses,
} from '../../../../shared/hardship.ts';
import { mobilePattern } from '../../../../shared/rules.ts';
import { numberRange } from '../../forms.ts';
import { fenText, type HardshipCause, toFen, useLabels } from './model.ts';

export const requiredRule = (t: TFunction, field: string) => ({
  required: true,
  message: t('msg.required', { field }),
});
/** The same for a picker: 请选择…, not 请填写…. */
export const chooseRule = (t: TFunction, field: string) => ({
  required: true,
  message: t('msg.choose', { field }),
});

/** The range of a MoneyInput, said next to the field (a typed −8000 stays −8000 and is refused). */
export const moneyRange = (t: TFunction, field: string) => numberRange(t, field, 0, 20_000_000);

/** Yuan with up to two decimals; its Form.Item carries `moneyRange`. */
export function MoneyInput(props: {
  id?: string;
  value?: number | null;
  onChange?: (v: number | null) => void;
  'data-testid'?: string;
}) {
  return (
    <InputNumber<number>
      {...props}
      precision={2}
      step={100}
      prefix="¥"
      inputMode="decimal"
      style={{ width: '100%' }}
    />
  );
}

/**
 * 基本信息 without the ID number (create adds it; edits cannot change it). Field names follow the
 * contract (`basic.name`…) so server field errors land next to them. `masked` shows the current
 * masked values of fields whose real value the client never holds: left empty, they are kept.
 */
export function BasicFields({
  form,
  masked,
}: {
  form: FormInstance;
  masked?: { mobile: string | null; address: string | null; bankAccount: string | null };
}) {
  const { t } = useTranslation();
  const label = useLabels();
  const health = Form.useWatch(['basic', 'health'], form) as string | undefined;
  const keep = (v: string | null | undefined) =>
    masked && v ? t('hardship.hint.masked', { value: v }) : undefined;
  return (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        <Form.Item
          name={['basic', 'name']}
          label={t('hardship.field.name')}
          rules={[requiredRule(t, t('hardship.field.name')), { max: 40 }]}
        >
          <Input autoComplete="off" maxLength={40} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name={['basic', 'mobile']}
          label={t('hardship.field.mobile')}
          extra={keep(masked?.mobile)}
          rules={[{ pattern: mobilePattern, message: t('msg.mobileInvalid') }]}
        >
          <Input autoComplete="off" inputMode="numeric" maxLength={11} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name={['basic', 'health']}
          label={t('hardship.field.health')}
          rules={[chooseRule(t, t('hardship.field.health'))]}
        >
          <Select options={healthStatuses.map((v) => ({ value: v, label: label('health', v) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        {health === 'disabled' ? (
          <Form.Item
            name={['basic', 'disabilityCategory']}
            label={t('hardship.field.disabilityCategory')}
            rules={[chooseRule(t, t('hardship.field.disabilityCategory'))]}
          >
            <Select
              options={disabilityCategories.map((v) => ({ value: v, label: label('disability', v) }))}
            />
          </Form.Item>
        ) : (
          <Form.Item
            name={['basic', 'ethnicity']}
            label={t('hardship.field.ethnicity')}
            rules={[{ max: 20 }]}
          >
            <Input maxLength={20} placeholder="汉族" />
          </Form.Item>
        )}
      </Col>
      {health === 'disabled' ? (
        <Col xs={24} sm={12}>
          <Form.Item
            name={['basic', 'ethnicity']}
            label={t('hardship.field.ethnicity')}
            rules={[{ max: 20 }]}
          >
            <Input maxLength={20} placeholder="汉族" />
          </Form.Item>
        </Col>
      ) : null}
      <Col xs={24} sm={12}>
        <Form.Item
          name={['basic', 'workStatus']}
          label={t('hardship.field.workStatus')}
          rules={[chooseRule(t, t('hardship.field.workStatus'))]}
        >
          <Select options={workStatuses.map((v) => ({ value: v, label: label('work', v) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name={['basic', 'employer']} label={t('hardship.field.employer')} rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name={['basic', 'employerUnion']}
          label={t('hardship.field.employerUnion')}
          rules={[{ max: 100 }]}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item
          name={['basic', 'address']}
          label={t('hardship.field.address')}
          extra={keep(masked?.address)}
          rules={[{ max: 200 }]}
        >
          <Input maxLength={200} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name={['basic', 'bankName']} label={t('hardship.field.bankName')} rules={[{ max: 60 }]}>
          <Input maxLength={60} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name={['basic', 'bankAccount']}
          label={t('hardship.field.bankAccount')}
          extra={keep(masked?.bankAccount)}
          rules={[{ pattern: /^\d{8,30}$/, message: '银行账号应为 8–30 位数字' }]}
        >
          <Input inputMode="numeric" maxLength={30} autoComplete="off" />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** 致困原因: one main cause, up to three others, text when 其他 is chosen. */
export function CauseFields({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const label = useLabels();
  const main = Form.useWatch(['causes', 'main'], form) as HardshipCause | undefined;
  const secondary = (Form.useWatch(['causes', 'secondary'], form) as HardshipCause[] | undefined) ?? [];
  const needsText = main === 'other' || secondary.includes('other');
  return (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        <Form.Item
          name={['causes', 'main']}
          label={t('hardship.field.mainCause')}
          rules={[chooseRule(t, t('hardship.field.mainCause'))]}
        >
          <Select options={hardshipCauses.map((v) => ({ value: v, label: label('cause', v) }))} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name={['causes', 'secondary']}
          label={t('hardship.field.secondary')}
          extra={t('hardship.hint.secondaryMax')}
          dependencies={[['causes', 'main']]}
          rules={[
            {
              validator: async (_, v: HardshipCause[] | undefined) => {
                if ((v?.length ?? 0) > 3) throw new Error(t('hardship.hint.secondaryMax'));
                if (main && v?.includes(main)) throw new Error(t('hardship.hint.secondaryMax'));
              },
            },
          ]}
        >
          <Select
            mode="multiple"
            maxCount={3}
            options={hardshipCauses.map((v) => ({
              value: v,
              label: label('cause', v),
              disabled: v === main,
            }))}
          />
        </Form.Item>
      </Col>
      {needsText ? (
        <Col xs={24}>
          <Form.Item
            name={['causes', 'otherText']}
            label={t('hardship.field.otherText')}
            rules={[
              { required: true, whitespace: true, message: t('hardship.hint.otherRequired') },
              { max: 200 },
            ]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      ) : null}
    </Row>
  );
}

/**
 * 收入情况 in yuan (converted to fen on submit). With `dibaoFen` it previews the suggestion the
 * server will make, using the same rule (`suggestCategory` from the shared contract).
 */
export function IncomeFields({
  form,
  dibaoFen,
  mainCause,
  children,
}: {
  form: FormInstance;
  dibaoFen?: number | undefined;
  mainCause?: HardshipCause | undefined;
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const label = useLabels();
  const annual = Form.useWatch(['income', 'annualIncomeFen'], form) as number | null | undefined;
  const medical = Form.useWatch(['income', 'medicalExpenseFen'], form) as number | null | undefined;
  const schooling = Form.useWatch(['income', 'schoolingExpenseFen'], form) as number | null | undefined;
  const size = Form.useWatch(['income', 'householdSize'], form) as number | null | undefined;
  const watchedCause = Form.useWatch(['causes', 'main'], form) as HardshipCause | undefined;
  const cause = mainCause ?? watchedCause;
  const preview =
    dibaoFen !== undefined && annual != null && size && cause
      ? (() => {
          const input = {
            annualIncomeFen: toFen(annual),
            medicalExpenseFen: toFen(medical),
            schoolingExpenseFen: toFen(schooling),
            householdSize: size,
            mainCause: cause,
            dibaoMonthlyFen: dibaoFen,
          };
          const s = suggestCategory(input);
          return t('hardship.hint.suggestPreview', {
            perCapita: fenText(Math.floor(input.annualIncomeFen / 12 / Math.max(1, size))),
            dibao: fenText(dibaoFen),
            category: s ? label('category', s) : t('hardship.hint.noSuggestion'),
          });
        })()
      : null;
  return (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        <Form.Item
          name={['income', 'annualIncomeFen']}
          label={t('hardship.field.annualIncome')}
          rules={[
            requiredRule(t, t('hardship.field.annualIncome')),
            moneyRange(t, t('hardship.field.annualIncome')),
          ]}
        >
          <MoneyInput />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name={['income', 'householdSize']}
          label={t('hardship.field.householdSize')}
          rules={[
            requiredRule(t, t('hardship.field.householdSize')),
            numberRange(t, t('hardship.field.householdSize'), 1, 30),
          ]}
        >
          <InputNumber<number> precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name={['income', 'medicalExpenseFen']}
          label={t('hardship.field.medical')}
          rules={[moneyRange(t, t('hardship.field.medical'))]}
        >
          <MoneyInput />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name={['income', 'schoolingExpenseFen']}
          label={t('hardship.field.schooling')}
          rules={[moneyRange(t, t('hardship.field.schooling'))]}
        >
          <MoneyInput />
        </Form.Item>
      </Col>
      {preview ? (
        <Col xs={24}>
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }} aria-live="polite">
            {preview}
          </Typography.Paragraph>
        </Col>
      ) : null}
      {children}
    </Row>
  );
}
