/**
 * The question editor of the survey builder: add, remove and reorder questions of the four types and
 * edit their settings (rating scale, labels, 满意起评分; choice options with the 满意 flag; max choices;
 * text length). Ids are given automatically (q1, q2…; options o1, o2…). Server errors arrive keyed by
 * `<index>.<field>` (from `questions.<index>.<field>`) and are shown under the question's field.
 * Selectors: survey-add-question, survey-question-<i>, survey-question-title-<i>,
 * survey-question-type-<i>, survey-question-remove-<i>, survey-option-<i>-<j>, survey-add-option-<i>.
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
import { useTranslation } from 'react-i18next';
import { questionTypes } from '../../../../shared/surveys.ts';
import { blankQuestion, nextId, type QuestionType, type TSurveyQuestion, useSurveyLabels } from './model.ts';

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
  const err = (i: number, field: string) => errors[`${i}.${field}`];
  const item = (i: number, field: string) => {
    const e = err(i, field);
    return e ? { validateStatus: 'error' as const, help: e } : {};
  };

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
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
                  {q.id}
                </Typography.Text>
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
                  <Form.Item label={t('surveyWork.q.scale')} {...item(i, 'scale')}>
                    <InputNumber
                      min={3}
                      max={10}
                      value={q.scale}
                      disabled={disabled}
                      onChange={(v) => patch(i, { scale: v ?? 5 })}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item
                    label={
                      <Tooltip title={t('surveyWork.q.satisfiedFromHint')}>
                        {t('surveyWork.q.satisfiedFrom')}
                      </Tooltip>
                    }
                    {...item(i, 'satisfiedFrom')}
                  >
                    <InputNumber
                      min={1}
                      max={10}
                      value={q.satisfiedFrom}
                      disabled={disabled}
                      onChange={(v) => patch(i, { satisfiedFrom: v ?? 4 })}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item label={t('surveyWork.q.lowLabel')} {...item(i, 'lowLabel')}>
                    <Input
                      value={q.lowLabel}
                      maxLength={10}
                      disabled={disabled}
                      onChange={(e) => patch(i, { lowLabel: e.target.value })}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item label={t('surveyWork.q.highLabel')} {...item(i, 'highLabel')}>
                    <Input
                      value={q.highLabel}
                      maxLength={10}
                      disabled={disabled}
                      onChange={(e) => patch(i, { highLabel: e.target.value })}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item label={t('surveyWork.q.counts')}>
                    <Switch
                      checked={q.countsForSatisfaction}
                      disabled={disabled}
                      onChange={(v) => patch(i, { countsForSatisfaction: v })}
                    />
                  </Form.Item>
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
                          onChange={(e) =>
                            patch(i, {
                              options: q.options.map((x: Option, k) =>
                                k === j ? { ...x, label: e.target.value } : x,
                              ),
                            })
                          }
                        />
                        {q.type === 'single' ? (
                          <Tooltip title={t('surveyWork.q.satisfiedHint')}>
                            <Checkbox
                              checked={o.satisfied}
                              disabled={disabled}
                              onChange={(e) =>
                                patch(i, {
                                  options: q.options.map((x: Option, k) =>
                                    k === j ? { ...x, satisfied: e.target.checked } : x,
                                  ),
                                })
                              }
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
                          <Typography.Text type="danger">{err(i, `options.${j}.label`)}</Typography.Text>
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
                {q.type === 'single' ? (
                  <Form.Item label={t('surveyWork.q.counts')} style={{ marginBottom: 0 }}>
                    <Switch
                      checked={q.countsForSatisfaction}
                      disabled={disabled}
                      onChange={(v) => patch(i, { countsForSatisfaction: v })}
                    />
                  </Form.Item>
                ) : (
                  <Form.Item
                    label={t('surveyWork.q.maxChoices')}
                    {...item(i, 'maxChoices')}
                    style={{ marginBottom: 0 }}
                  >
                    <InputNumber
                      min={1}
                      max={q.options.length}
                      value={q.maxChoices}
                      placeholder={t('surveyWork.q.maxChoicesAny')}
                      disabled={disabled}
                      onChange={(v) => patch(i, { maxChoices: v ?? null })}
                    />
                  </Form.Item>
                )}
              </>
            ) : null}
            {q.type === 'text' ? (
              <Form.Item
                label={t('surveyWork.q.maxLength')}
                {...item(i, 'maxLength')}
                style={{ marginBottom: 0 }}
              >
                <InputNumber
                  min={10}
                  max={1000}
                  value={q.maxLength}
                  disabled={disabled}
                  onChange={(v) => patch(i, { maxLength: v ?? 300 })}
                />
              </Form.Item>
            ) : null}
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
