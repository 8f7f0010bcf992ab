/** 家庭成员: add, change and remove the household members of an archive (基本信息). */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { healthStatuses } from '../../../../shared/hardship.ts';
import { checkIdCard } from '../../../../shared/idcard.ts';
import { orNull } from './CreateArchiveModal.tsx';
import { MoneyInput, moneyRange, requiredRule } from './fields.tsx';
import { type TArchive, toFen, toYuan, useLabels } from './model.ts';
import { SectionModal } from './SectionModal.tsx';

type Health = (typeof healthStatuses)[number];

interface MemberValue {
  name: string;
  relation: string;
  /** Typed only to set or replace the number; the stored one is never on the client. */
  idCard?: string;
  /** Position of this member in the saved household: its stored ID number is kept unless one is typed. */
  keep?: number;
  health?: Health | null;
  income?: number | null;
  schoolOrEmployer?: string | null;
}

interface Values {
  basic: { members?: MemberValue[] };
}

const MAX_MEMBERS = 20;

export function MembersModal({
  archive,
  open,
  onClose,
}: {
  archive: TArchive;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabels();
  const saved = archive.basic.members;
  return (
    <SectionModal<Values>
      archive={archive}
      open={open}
      onClose={onClose}
      title={t('hardship.field.members')}
      width={860}
      initialValues={{
        basic: {
          members: saved.map((m, i) => ({
            name: m.name,
            relation: m.relation,
            keep: i,
            health: m.health,
            income: toYuan(m.annualIncomeFen),
            schoolOrEmployer: m.schoolOrEmployer,
          })),
        },
      }}
      toBody={({ basic }) => ({
        basic: {
          members: (basic.members ?? []).map((m) => {
            const typed = m.idCard?.trim().toUpperCase();
            return {
              name: m.name.trim(),
              relation: m.relation.trim(),
              ...(typed ? { idCard: typed } : {}),
              ...(m.keep !== undefined && m.keep !== null ? { keepIdCardOf: m.keep } : {}),
              ...(m.health ? { health: m.health } : {}),
              ...(m.income !== null && m.income !== undefined ? { annualIncomeFen: toFen(m.income) } : {}),
              schoolOrEmployer: orNull(m.schoolOrEmployer),
            };
          }),
        },
      })}
    >
      {(form) => (
        <Form.List name={['basic', 'members']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, n) => {
                const keep: number | undefined = form.getFieldValue(['basic', 'members', f.name, 'keep']);
                const masked = keep !== undefined ? saved[keep]?.idCard : null;
                return (
                  <div key={f.key} className="nj-hs-member-row" data-testid={`hardship-member-${n}`}>
                    <Form.Item name={[f.name, 'keep']} hidden noStyle>
                      <Input />
                    </Form.Item>
                    <Row gutter={12}>
                      <Col xs={24} sm={6}>
                        <Form.Item
                          name={[f.name, 'name']}
                          label={`${n + 1}. ${t('hardship.field.memberName')}`}
                          rules={[requiredRule(t, t('hardship.field.memberName')), { max: 40 }]}
                        >
                          <Input maxLength={40} data-testid={`hardship-member-name-${n}`} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={5}>
                        <Form.Item
                          name={[f.name, 'relation']}
                          label={t('hardship.field.relation')}
                          rules={[requiredRule(t, t('hardship.field.relation')), { max: 20 }]}
                        >
                          <Input
                            maxLength={20}
                            placeholder={t('hardship.members.relationHint')}
                            data-testid={`hardship-member-relation-${n}`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={8}>
                        <Form.Item
                          name={[f.name, 'idCard']}
                          label={t('hardship.field.idCard')}
                          extra={masked ? t('hardship.members.keepId', { masked }) : undefined}
                          validateTrigger="onBlur"
                          rules={[
                            {
                              validator: async (_, v: string | undefined) => {
                                const check = v?.trim() ? checkIdCard(v) : null;
                                if (check && !check.ok)
                                  throw new Error(t(`hardship.hint.idCardProblem.${check.problem}`));
                              },
                            },
                          ]}
                        >
                          <Input
                            autoComplete="off"
                            maxLength={18}
                            placeholder={masked ?? undefined}
                            data-testid={`hardship-member-idcard-${n}`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={5}>
                        <Form.Item name={[f.name, 'health']} label={t('hardship.field.health')}>
                          <Select
                            allowClear
                            options={healthStatuses.map((v) => ({ value: v, label: label('health', v) }))}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={6}>
                        <Form.Item
                          name={[f.name, 'income']}
                          label={t('hardship.field.memberIncome')}
                          rules={[moneyRange(t, t('hardship.field.memberIncome'))]}
                        >
                          <MoneyInput data-testid={`hardship-member-income-${n}`} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={13}>
                        <Form.Item
                          name={[f.name, 'schoolOrEmployer']}
                          label={t('hardship.field.schoolOrEmployer')}
                          rules={[{ max: 100 }]}
                        >
                          <Input maxLength={100} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={5} className="nj-hs-member-remove">
                        <Button
                          danger
                          type="text"
                          icon={<DeleteOutlined />}
                          onClick={() => remove(f.name)}
                          aria-label={`${t('hardship.members.remove')} ${n + 1}`}
                        >
                          {t('hardship.members.remove')}
                        </Button>
                      </Col>
                    </Row>
                  </div>
                );
              })}
              {fields.length < MAX_MEMBERS ? (
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  onClick={() => add({ name: '', relation: '', health: null, income: null })}
                  data-testid="hardship-member-add"
                >
                  {t('hardship.members.add')}
                </Button>
              ) : (
                <div className="nj-hs-member-max">{t('hardship.members.max')}</div>
              )}
            </>
          )}
        </Form.List>
      )}
    </SectionModal>
  );
}
