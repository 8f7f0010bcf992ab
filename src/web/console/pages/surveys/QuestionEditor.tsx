/**
 * The question editor of the survey builder: add, remove and reorder questions of the four types and
 * edit their settings (rating scale, labels, 满意起评分; choice options with the 满意 flag; max choices;
 * text length). Ids are given automatically (q1, q2…; options o1, o2…). Server errors arrive keyed by
 * `<index>.<field>` (from `questions.<index>.<field>`) and are shown under the question's field; the
 * same keys carry what is found before sending (`questionProblems`: a number setting out of its range,
 * an option repeating an earlier one), shown while it is typed.
 * Selectors: survey-add-question, survey-question-<i>, survey-question-title-<i>,
 * survey-question-type-<i>, survey-question-remove-<i>, survey-option-<i>-<j>, survey-option-label-<i>-<j>,
 * survey-option-error-<i>-<j>, survey-add-option-<i>, survey-question-<setting>-<i>.
 */
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Col,
  Dropdown,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { questionTypes } from '../../../../shared/surveys.ts';
import {
  blankQuestion,
  type NumberSetting,
  nextId,
  type QuestionType,
  questionProblems,
  type TSurveyQuestion,
  useSurveyLabels,
} from './model.ts';

type Option = { id: string; label: string; satisfied: boolean };

export function QuestionEditor({
  questions,
  onChange,
  errors,
  disabled,
}: {
  questions: TSurveyQuestion[];
  onChange: (next: TSurveyQuestion[]) => void;
  /** `<index>.<field>` (or `<index>`) → message. */
  errors: Record<string, string>;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const label = useSurveyLabels();
  const set = (i: number, q: TSurveyQuestion) => onChange(questions.map((x, j) => (j === i ? q : x)));
  const patch = (i: number, p: Record<string, unknown>) => {
    const q = questions[i];
    if (q) set(i, { ...q, ...p } as TSurveyQuestion);
  };
  const move = (i: number, d: -1 | 1) => {
    const next = [...questions];
    const [q] = next.splice(i, 1);
    if (q) next.splice(i + d, 0, q);
    onChange(next);
  };
  const add = (type: QuestionType) => onChange([...questions, blankQuestion(type, questions)]);
  // What is wrong as typed comes first; the server's errors (from the last save) after.
  const live = questionProblems(t, questions);
  const err = (i: number, field: string) => live[`${i}.${field}`] ?? errors[`${i}.${field}`];
  const item = (i: number, field: string) => {
    const e = err(i, field);
    return e ? { validateStatus: 'error' as const, help: e } : {};
  };
  /** A whole-number setting of question `i`; an emptied box sets `fallback`. */
  const numberSetting = (
    i: number,
    field: NumberSetting,
    fieldLabel: ReactNode,
    o: { value: number | null; fallback: number | null; placeholder?: string },
    style?: CSSProperties,
  ) => {
    // Said at the field (the range of `settingRanges`, in numberRange's words), not clamped:
    // InputNumber's own min/max would quietly turn a typed 100 into 10. The form is not sent meanwhile.
    return (
      <Form.Item label={fieldLabel} {...item(i, field)} style={style}>
        <InputNumber
          precision={0}
          value={o.value}
          placeholder={o.placeholder}
          disabled={disabled}
          onChange={(v) => patch(i, { [field]: v ?? o.fallback })}
          data-testid={`survey-question-${field}-${i}`}
        />
      </Form.Item>
    );
  };
  /** The label under the lowest or the highest rating. */
  const scaleLabel = (i: number, field: 'lowLabel' | 'highLabel', value: string) => (
    <Form.Item label={t(`surveyWork.q.${field}`)} {...item(i, field)}>
      <Input
        value={value}
        maxLength={10}
        disabled={disabled}
        onChange={(e) => patch(i, { [field]: e.target.value })}
      />
    </Form.Item>
  );
  /** 计入满意率: whether a rating or single-choice question counts for the satisfaction rate. */
  const countsSwitch = (i: number, checked: boolean, style?: CSSProperties) => (
    <Form.Item label={t('surveyWork.q.counts')} style={style}>
      <Switch
        checked={checked}
        disabled={disabled}
        onChange={(v) => patch(i, { countsForSatisfaction: v })}
      />
    </Form.Item>
  );
  const patchOption = (i: number, options: Option[], j: number, p: Partial<Option>) =>
    patch(i, { options: options.map((x, k) => (k === j ? { ...x, ...p } : x)) });

  return (
    <div>
      {questions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('surveyWork.form.noQuestions')} />
      ) : null}
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {questions.map((q, i) => (
          <Card
            key={q.id}
            size="small"
            data-testid={`survey-question-${i}`}
            title={
              <Space size={8}>
                <span>{t('surveyWork.q.number', { n: i + 1 })}</span>
                <Tag>{label('type', q.type)}</Tag>
              </Space>
            }
            extra={
              <Space size={2}>
                <Tooltip title={t('surveyWork.q.up')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowUpOutlined />}
                    aria-label={t('surveyWork.q.up')}
                    disabled={disabled || i === 0}
                    onClick={() => move(i, -1)}
                  />
                </Tooltip>
                <Tooltip title={t('surveyWork.q.down')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowDownOutlined />}
                    aria-label={t('surveyWork.q.down')}
                    disabled={disabled || i === questions.length - 1}
                    onClick={() => move(i, 1)}
                  />
                </Tooltip>
                <Tooltip title={t('surveyWork.q.remove')}>
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('surveyWork.q.remove')}
                    disabled={disabled}
                    data-testid={`survey-question-remove-${i}`}
                    onClick={() => onChange(questions.filter((_, j) => j !== i))}
                  />
                </Tooltip>
              </Space>
            }
          >
            {errors[String(i)] ? (
              <Typography.Text type="danger" style={{ display: 'block', marginBottom: 8 }}>
                {errors[String(i)]}
              </Typography.Text>
            ) : null}
            <Row gutter={12}>
              <Col xs={24} md={16}>
                <Form.Item label={t('surveyWork.q.title')} required {...item(i, 'title')}>
                  <Input
                    value={q.title}
                    maxLength={100}
                    placeholder={t('surveyWork.q.titlePlaceholder')}
                    disabled={disabled}
                    data-testid={`survey-question-title-${i}`}
                    onChange={(e) => patch(i, { title: e.target.value })}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={5}>
                <Form.Item label={t('surveyWork.q.type')}>
                  <Select<QuestionType>
                    value={q.type}
                    disabled={disabled}
                    data-testid={`survey-question-type-${i}`}
                    options={questionTypes.map((k) => ({ value: k, label: label('type', k) }))}
                    onChange={(type) =>
                      set(i, {
                        ...blankQuestion(type, questions),
                        id: q.id,
                        title: q.title,
                      } as TSurveyQuestion)
                    }
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={3}>
                <Form.Item label={t('surveyWork.q.required')}>
                  <Switch
                    checked={q.required}
                    disabled={disabled}
                    onChange={(required) => patch(i, { required })}
                  />
                </Form.Item>
              </Col>
            </Row>
            {q.type === 'rating' ? (
              <Row gutter={12}>
                <Col xs={12} md={4}>
                  {numberSetting(i, 'scale', t('surveyWork.q.scale'), {
                    value: q.scale,
                    fallback: 5,
                  })}
                </Col>
                <Col xs={12} md={5}>
                  {numberSetting(
                    i,
                    'satisfiedFrom',
                    <Tooltip title={t('surveyWork.q.satisfiedFromHint')}>
                      {t('surveyWork.q.satisfiedFrom')}
                    </Tooltip>,
                    { value: q.satisfiedFrom, fallback: 4 },
                  )}
                </Col>
                <Col xs={12} md={5}>
                  {scaleLabel(i, 'lowLabel', q.lowLabel)}
                </Col>
                <Col xs={12} md={5}>
                  {scaleLabel(i, 'highLabel', q.highLabel)}
                </Col>
                <Col xs={12} md={5}>
                  {countsSwitch(i, q.countsForSatisfaction)}
                </Col>
              </Row>
            ) : null}
            {q.type === 'single' || q.type === 'multiple' ? (
              <>
                <Form.Item
                  label={t('surveyWork.q.options')}
                  {...item(i, 'options')}
                  style={{ marginBottom: 8 }}
                >
                  <Space direction="vertical" size={6} style={{ width: '100%' }}>
                    {q.options.map((o, j) => (
                      <Space key={o.id} size={8} wrap data-testid={`survey-option-${i}-${j}`}>
                        <Input
                          value={o.label}
                          maxLength={40}
                          style={{ width: 260 }}
                          placeholder={t('surveyWork.q.option', { n: j + 1 })}
                          disabled={disabled}
                          status={err(i, `options.${j}.label`) ? 'error' : undefined}
                          aria-label={t('surveyWork.q.option', { n: j + 1 })}
                          data-testid={`survey-option-label-${i}-${j}`}
                          onChange={(e) => patchOption(i, q.options, j, { label: e.target.value })}
                        />
                        {q.type === 'single' ? (
                          <Tooltip title={t('surveyWork.q.satisfiedHint')}>
                            <Checkbox
                              checked={o.satisfied}
                              disabled={disabled}
                              onChange={(e) => patchOption(i, q.options, j, { satisfied: e.target.checked })}
                            >
                              {t('surveyWork.q.satisfied')}
                            </Checkbox>
                          </Tooltip>
                        ) : null}
                        <Button
                          size="small"
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('surveyWork.q.remove')}
                          disabled={disabled || q.options.length <= 2}
                          onClick={() => patch(i, { options: q.options.filter((_, k) => k !== j) })}
                        />
                        {err(i, `options.${j}.label`) ? (
                          <Typography.Text type="danger" data-testid={`survey-option-error-${i}-${j}`}>
                            {err(i, `options.${j}.label`)}
                          </Typography.Text>
                        ) : null}
                      </Space>
                    ))}
                    <Button
                      size="small"
                      icon={<PlusOutlined />}
                      disabled={disabled || q.options.length >= (q.type === 'single' ? 10 : 15)}
                      data-testid={`survey-add-option-${i}`}
                      onClick={() =>
                        patch(i, {
                          options: [
                            ...q.options,
                            { id: nextId('o', q.options), label: '', satisfied: false },
                          ],
                        })
                      }
                    >
                      {t('surveyWork.q.addOption')}
                    </Button>
                  </Space>
                </Form.Item>
                {q.type === 'single'
                  ? countsSwitch(i, q.countsForSatisfaction, { marginBottom: 0 })
                  : numberSetting(
                      i,
                      'maxChoices',
                      t('surveyWork.q.maxChoices'),
                      {
                        value: q.maxChoices,
                        fallback: null,
                        placeholder: t('surveyWork.q.maxChoicesAny'),
                      },
                      { marginBottom: 0 },
                    )}
              </>
            ) : null}
            {q.type === 'text'
              ? numberSetting(
                  i,
                  'maxLength',
                  t('surveyWork.q.maxLength'),
                  { value: q.maxLength, fallback: 300 },
                  { marginBottom: 0 },
                )
              : null}
          </Card>
        ))}
      </Space>
      <Dropdown
        trigger={['click']}
        disabled={disabled}
        menu={{
          items: questionTypes.map((k) => ({
            key: k,
            label: <span data-testid={`survey-add-question-${k}`}>{label('type', k)}</span>,
          })),
          onClick: ({ key }) => add(key as QuestionType),
        }}
      >
        <Button
          icon={<PlusOutlined />}
          style={{ marginTop: 12 }}
          data-testid="survey-add-question"
          block
          type="dashed"
        >
          {t('surveyWork.form.addQuestion')}
        </Button>
      </Dropdown>
    </div>
  );
}
