/**
 * A read-only phone-sized preview of a questionnaire in the builder: how the member sees the title,
 * introduction and each question (stars up to 5 points, else numbers; options; text box) on the H5
 * answer page. Scores counted as satisfied are tinted.
 */
import { Checkbox, Input, Radio, Space, Tag, Typography } from 'antd';
import type { TSurveyQuestion } from './model.ts';

export function SurveyPreview({
  title,
  intro,
  questions,
}: {
  title: string;
  intro: string;
  questions: TSurveyQuestion[];
}) {
  return (
    <div
      data-testid="survey-preview"
      style={{
        width: 375,
        maxWidth: '100%',
        margin: '0 auto',
        border: '8px solid #1f1f1f',
        borderRadius: 28,
        padding: 16,
        background: '#f7f3f0',
        maxHeight: 640,
        overflowY: 'auto',
      }}
    >
      <Typography.Title level={4} style={{ marginTop: 4 }}>
        {title || '（未填写标题）'}
      </Typography.Title>
      {intro ? <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph> : null}
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {questions.map((q, i) => (
          <div key={q.id} style={{ background: '#fff', borderRadius: 12, padding: 12 }}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {i + 1}. {q.title || '（未填写题目）'}
              {q.required ? <span style={{ color: '#c8102e' }}> *</span> : null}
            </Typography.Text>
            <div style={{ marginTop: 8 }}>
              {q.type === 'rating' ? (
                <div>
                  <Space size={6} wrap>
                    {Array.from({ length: q.scale }, (_, k) => k + 1).map((n) => (
                      <Tag
                        key={n}
                        style={{ fontSize: 16, padding: '4px 10px', margin: 0 }}
                        color={n >= q.satisfiedFrom ? 'red' : undefined}
                      >
                        {q.scale <= 5 ? '★' : n}
                      </Tag>
                    ))}
                  </Space>
                  <div style={{ display: 'flex', justifyContent: 'space-between', marginTop: 4 }}>
                    <Typography.Text type="secondary">{q.lowLabel}</Typography.Text>
                    <Typography.Text type="secondary">{q.highLabel}</Typography.Text>
                  </div>
                </div>
              ) : q.type === 'single' ? (
                <Radio.Group>
                  <Space direction="vertical">
                    {q.options.map((o) => (
                      <Radio key={o.id} value={o.id}>
                        {o.label || '—'}
                      </Radio>
                    ))}
                  </Space>
                </Radio.Group>
              ) : q.type === 'multiple' ? (
                <Space direction="vertical">
                  {q.maxChoices ? (
                    <Typography.Text type="secondary">最多选 {q.maxChoices} 项</Typography.Text>
                  ) : null}
                  {q.options.map((o) => (
                    <Checkbox key={o.id}>{o.label || '—'}</Checkbox>
                  ))}
                </Space>
              ) : (
                <Input.TextArea rows={3} maxLength={q.maxLength} showCount />
              )}
            </div>
          </div>
        ))}
      </Space>
    </div>
  );
}
