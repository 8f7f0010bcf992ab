/*
 * 新建问卷 (/surveys/new) and 编辑问卷 (/surveys/:id/edit, drafts only): the union, title, introduction,
 * purpose (会员评家 / 会员评议代表 / 工会评价代表), the congress for the representative purposes, anonymity,
 * the answering window and the questions (QuestionEditor), with the 会员评家 and 会员评议代表 templates and a
 * phone preview. The server's 400 field errors are shown next to their fields.
 * Selectors for browser tests:
 *   survey-title, survey-intro, survey-org, survey-purpose, survey-congress, survey-anonymous,
 *   survey-window, survey-template-union, survey-template-reps, survey-preview-open, survey-save,
 *   survey-form-error, and the editor's (survey-add-question, survey-add-question-<type>,
 *   survey-question-<i>, survey-question-title-<i> …).
 */
import { ArrowLeftOutlined, EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { surveyPurposes, type TSurveyInput } from '../../../shared/surveys.ts';
import { ApiError, api, request } from '../../shared/api.ts';
import { beijingWall, fromBeijingWall } from '../beijingClock.ts';
import { UnionTreePicker } from '../components/UnionTreePicker.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import { orgsApi } from './orgs/orgsApi.ts';
import { useCongresses } from './proposals/model.ts';
import {
  questionProblems,
  SURVEYS,
  type SurveyPurpose,
  type SurveyTemplate,
  surveyKey,
  surveysKey,
  surveyTemplates,
  type TSurvey,
  type TSurveyQuestion,
  useSurveyLabels,
} from './surveys/model.ts';
import { SurveyPreview } from './surveys/Preview.tsx';
import { QuestionEditor } from './surveys/QuestionEditor.tsx';
import './hardship/hardship.css';

/** The template buttons' test ids and i18n keys, by the purpose each template is for. */
const templateTestIds: Record<SurveyPurpose, string> = {
  union: 'union',
  representatives: 'reps',
  union_rates_reps: 'org-reps',
};
const templateLabelKeys: Record<SurveyPurpose, string> = {
  union: 'unionTemplate',
  representatives: 'repTemplate',
  union_rates_reps: 'orgRepsTemplate',
};

interface Values {
  title: string;
  intro?: string;
  purpose: SurveyPurpose;
  congressId?: number;
  anonymous: boolean;
  window: [Dayjs, Dayjs] | null;
}

const formFields = ['title', 'intro', 'purpose', 'congressId', 'anonymous', 'window'] as const;

export default function SurveyFormPage() {
  const { id } = useParams();
  const surveyId = id ? Number(id) : undefined;
  const existing = useQuery({
    queryKey: surveyKey(surveyId ?? 0),
    queryFn: () => api.get<TSurvey>(`${SURVEYS}/${surveyId}`),
    enabled: surveyId !== undefined,
  });
  const { t } = useTranslation();
  if (surveyId !== undefined && !existing.data) {
    return existing.isError ? (
      <Alert
        type="error"
        showIcon
        title={t('surveyWork.form.loadFailed')}
        description={errorMessage(existing.error)}
      />
    ) : (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  return <SurveyForm key={existing.data?.id ?? 'new'} survey={existing.data} />;
}

function SurveyForm({ survey }: { survey: TSurvey | undefined }) {
  const { t } = useTranslation();
  const label = useSurveyLabels();
  const { me } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const congresses = useCongresses();
  const top = me.active?.org;
  const [org, setOrg] = useState<{ id: number; name: string } | undefined>(
    survey ? survey.org : top ? { id: top.id, name: top.name } : undefined,
  );
  const [questions, setQuestions] = useState<TSurveyQuestion[]>(survey?.questions ?? []);
  const [qErrors, setQErrors] = useState<Record<string, string>>({});
  const [orgError, setOrgError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const purpose = Form.useWatch('purpose', form);
  const title = Form.useWatch('title', form) ?? '';
  const intro = Form.useWatch('intro', form) ?? '';
  const locked = survey !== undefined && survey.state !== 'draft';

  useEffect(() => {
    form.setFieldsValue({
      title: survey?.title ?? '',
      intro: survey?.intro ?? '',
      purpose: survey?.purpose ?? 'union',
      congressId: survey?.congress?.id,
      anonymous: survey?.anonymous ?? true,
      // Beijing wall-clock values (beijingClock.ts): the window is in China time whatever the PC's zone.
      window: survey
        ? [beijingWall(survey.opensAt), beijingWall(survey.closesAt)]
        : [beijingWall().startOf('minute'), beijingWall().add(14, 'day').endOf('day').startOf('minute')],
    });
  }, [form, survey]);

  // A congress belongs to one union: picking one for a representative survey picks its union too.
  const congressOptions = (congresses.data ?? []).map((c) => ({
    value: c.id,
    label: `${c.name}${c.state === 'active' ? '' : '（已结束）'}`,
    org: c.org,
  }));

  const applyTemplate = (tpl: SurveyTemplate) => {
    const fill = () => {
      setQuestions(tpl.questions);
      setQErrors({});
      const v = form.getFieldsValue();
      form.setFieldsValue({
        purpose: tpl.purpose,
        anonymous: tpl.anonymous,
        title: v.title?.trim() ? v.title : `${beijingWall().year()} 年度${tpl.title}`,
        intro: v.intro?.trim() ? v.intro : tpl.intro,
      });
    };
    if (questions.length === 0) fill();
    else
      modal.confirm({
        title: t('surveyWork.form.templateReplace'),
        content: t('surveyWork.form.templateReplaceText'),
        onOk: fill,
      });
  };

  const showServerErrors = (e: ApiError) => {
    const q: Record<string, string> = {};
    const fields: { name: string; errors: string[] }[] = [];
    for (const issue of e.fieldIssues) {
      const name = issue.field.replace(/^body\./, '');
      const [head, ...rest] = name.split('.');
      if (head === 'questions') {
        const key = rest.length ? rest.join('.') : '_';
        q[key === '_' ? 'all' : key] ??= issue.message;
        // `questions.3.options.1.label` → also flag the question's options block.
        if (rest.length > 2) q[`${rest[0]}.${rest[1]}`] ??= issue.message;
      } else if (head === 'orgId') setOrgError(issue.message);
      else if (head === 'opensAt' || head === 'closesAt')
        fields.push({ name: 'window', errors: [issue.message] });
      else if ((formFields as readonly string[]).includes(head ?? ''))
        fields.push({ name: head ?? '', errors: [issue.message] });
    }
    setQErrors(q);
    form.setFields(fields.map((f) => ({ name: f.name as keyof Values, errors: f.errors })));
  };

  const save = async () => {
    setFailure(null);
    setOrgError(null);
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      setFailure(t('surveyWork.form.fixErrors'));
      return;
    }
    if (!org) {
      setOrgError(t('surveyWork.form.orgRequired'));
      return;
    }
    // A 满分 of 11 or two options both 满意: already said at the field; nothing is sent until fixed.
    if (Object.keys(questionProblems(t, questions)).length > 0) {
      setFailure(t('surveyWork.form.fixErrors'));
      return;
    }
    const [from, to] = v.window ?? [];
    const body: TSurveyInput = {
      orgId: org.id,
      title: v.title.trim(),
      intro: v.intro?.trim() || null,
      purpose: v.purpose,
      congressId: v.purpose === 'union' ? null : (v.congressId ?? null),
      anonymous: v.anonymous,
      opensAt: fromBeijingWall(from ?? beijingWall()),
      closesAt: fromBeijingWall(to ?? beijingWall()),
      questions: questions.map((q) => ({ ...q, title: q.title.trim() })),
    };
    setSaving(true);
    try {
      const saved = survey
        ? await request<TSurvey>('PUT', `${SURVEYS}/${survey.id}`, body)
        : await api.post<TSurvey>(SURVEYS, body);
      setQErrors({});
      await client.invalidateQueries({ queryKey: surveysKey });
      message.success(survey ? t('surveyWork.form.saved') : t('surveyWork.form.created'));
      navigate(`/surveys/${saved.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) showServerErrors(e);
      setFailure(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="nj-hs">
      <div className="nj-hs-head">
        <div>
          <Link to={survey ? `/surveys/${survey.id}` : '/surveys'}>
            <ArrowLeftOutlined /> {t('surveyWork.form.back')}
          </Link>
          <Typography.Title level={2} style={{ fontSize: 20, margin: '4px 0 0' }}>
            {survey ? t('surveyWork.form.editTitle') : t('surveyWork.form.newTitle')}
          </Typography.Title>
        </div>
        <div className="nj-hs-actions">
          <Button
            icon={<EyeOutlined />}
            onClick={() => setPreviewing(true)}
            data-testid="survey-preview-open"
          >
            {t('surveyWork.form.preview')}
          </Button>
          <Button
            type="primary"
            icon={<SaveOutlined />}
            loading={saving}
            disabled={locked}
            onClick={() => void save()}
            data-testid="survey-save"
          >
            {t('surveyWork.form.save')}
          </Button>
        </div>
      </div>
      {locked ? (
        <Alert type="warning" showIcon title={t('surveyWork.form.notDraft')} style={{ marginBottom: 12 }} />
      ) : null}
      {failure ? (
        <Alert
          type="error"
          showIcon
          title={failure}
          style={{ marginBottom: 12 }}
          data-testid="survey-form-error"
          closable
          onClose={() => setFailure(null)}
        />
      ) : null}
      <Form<Values> form={form} layout="vertical" disabled={locked} requiredMark>
        <Row gutter={16}>
          <Col xs={24} xl={10}>
            <Card
              size="small"
              title={t('surveyWork.form.basics')}
              // The basics stay in view while a long questionnaire scrolls by.
              style={{ marginBottom: 16, position: 'sticky', top: 16 }}
            >
              <Form.Item
                label={t('surveyWork.form.org')}
                required
                validateStatus={orgError ? 'error' : undefined}
                help={orgError ?? undefined}
              >
                <UnionTreePicker
                  value={org}
                  onChange={(orgId) => {
                    setOrgError(null);
                    // The picker hands over the id only; its name comes from the org itself.
                    setOrg((o) => (o?.id === orgId ? o : { id: orgId, name: '…' }));
                    void orgsApi
                      .one(orgId)
                      .then((o) => setOrg((cur) => (cur?.id === o.id ? { id: o.id, name: o.name } : cur)));
                  }}
                  label={t('surveyWork.form.org')}
                  testId="survey-org"
                />
              </Form.Item>
              <Form.Item
                name="title"
                label={t('surveyWork.form.title')}
                rules={[{ required: true, whitespace: true, message: t('surveyWork.form.titleRequired') }]}
              >
                <Input
                  maxLength={60}
                  placeholder={t('surveyWork.form.titlePlaceholder')}
                  data-testid="survey-title"
                />
              </Form.Item>
              <Form.Item name="intro" label={t('surveyWork.form.intro')}>
                <Input.TextArea
                  rows={3}
                  maxLength={500}
                  showCount
                  placeholder={t('surveyWork.form.introPlaceholder')}
                  data-testid="survey-intro"
                />
              </Form.Item>
              <Form.Item
                name="purpose"
                label={t('surveyWork.form.purpose')}
                rules={[{ required: true, message: t('surveyWork.form.purposeRequired') }]}
              >
                <Select<SurveyPurpose>
                  data-testid="survey-purpose"
                  options={surveyPurposes.map((p) => ({ value: p, label: label('purpose', p) }))}
                />
              </Form.Item>
              {purpose && purpose !== 'union' ? (
                <Form.Item
                  name="congressId"
                  label={t('surveyWork.form.congress')}
                  extra={t('surveyWork.form.congressHint')}
                  rules={[{ required: true, message: t('surveyWork.form.congressRequired') }]}
                >
                  <Select<number>
                    data-testid="survey-congress"
                    loading={congresses.isPending}
                    options={congressOptions}
                    onChange={(cid) => {
                      const c = congressOptions.find((o) => o.value === cid);
                      if (c) setOrg({ id: c.org.id, name: c.org.name });
                    }}
                  />
                </Form.Item>
              ) : null}
              <Form.Item
                name="window"
                label={t('surveyWork.form.window')}
                rules={[{ required: true, message: t('surveyWork.form.windowRequired') }]}
              >
                <DatePicker.RangePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                  data-testid="survey-window"
                />
              </Form.Item>
              <Form.Item
                name="anonymous"
                label={t('surveyWork.form.anonymous')}
                valuePropName="checked"
                extra={t('surveyWork.form.anonymousHint')}
              >
                <Switch data-testid="survey-anonymous" />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card
              size="small"
              title={t('surveyWork.form.questions')}
              extra={
                <Space size={6}>
                  <Typography.Text type="secondary">{t('surveyWork.form.templates')}</Typography.Text>
                  {surveyTemplates().map((tpl) => (
                    <Button
                      key={tpl.purpose}
                      size="small"
                      disabled={locked}
                      onClick={() => applyTemplate(tpl)}
                      data-testid={`survey-template-${templateTestIds[tpl.purpose]}`}
                    >
                      {t(`surveyWork.form.${templateLabelKeys[tpl.purpose]}`)}
                    </Button>
                  ))}
                </Space>
              }
            >
              {qErrors.all ? (
                <Alert type="error" showIcon title={qErrors.all} style={{ marginBottom: 8 }} />
              ) : null}
              <QuestionEditor
                questions={questions}
                onChange={(next) => {
                  setQuestions(next);
                  if (Object.keys(qErrors).length) setQErrors({});
                }}
                errors={qErrors}
                disabled={locked}
              />
            </Card>
          </Col>
        </Row>
      </Form>
      <Modal
        open={previewing}
        title={t('surveyWork.form.previewTitle')}
        footer={null}
        onCancel={() => setPreviewing(false)}
        width={460}
      >
        <SurveyPreview title={title} intro={intro} questions={questions} />
      </Modal>
    </div>
  );
}
