/*
 * 问卷结果 (/surveys/:id): the survey's header (purpose, status — the state read with the window, so 未开始
 * before it opens — and window) with 发布 / 结束 / 删除 (a draft; all confirmed), the
 * answer link and its QR code (print, download), KPI cards 应测评人次 / 已作答 / 测评率 / 满意度 with their
 * definitions, one chart per question (rating distribution with the average, choices, the latest text
 * answers), the units one level down (table + bar chart, drill down with ?org=<id>), the representatives
 * rated (representative surveys), answers per day, and the Excel export.
 * Selectors for browser tests:
 *   survey-header, survey-state (data-state, data-status), survey-publish, survey-close, survey-edit,
 *   survey-delete, survey-delete-ok, survey-qr, survey-qr-url,
 *   survey-qr-print, survey-qr-download, survey-eligible, survey-responses, survey-measurement-rate,
 *   survey-satisfaction, survey-export, survey-question-result-<qid>, survey-orgs-table,
 *   survey-orgs-chart, survey-org-drill-<orgId>, survey-org-up, survey-reps-table, survey-daily-chart.
 */
import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PrinterOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  List,
  Popconfirm,
  Row,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { ZOrgResult, ZQuestionResult, ZSubjectResult } from '../../../shared/surveys.ts';
import { api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { Chart, type ChartOption } from '../components/Chart.tsx';
import { KpiCards } from '../components/KpiCards.tsx';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  pct,
  purposeColor,
  SURVEYS,
  statusColor,
  surveyResultsKey,
  surveysKey,
  type TSurvey,
  type TSurveyResults,
  useSurveyLabels,
} from './surveys/model.ts';
import './hardship/hardship.css';

type QuestionResult = z.infer<typeof ZQuestionResult>;
type OrgResult = z.infer<typeof ZOrgResult> & { id: number };
type SubjectResult = z.infer<typeof ZSubjectResult> & { id: number };

const RED = '#c8102e';
const GREY = '#bfbfbf';
const kpiBody = { body: { padding: 16 } };

export default function SurveyResultsPage() {
  const { id } = useParams();
  const surveyId = Number(id);
  const { t, i18n } = useTranslation();
  const label = useSurveyLabels();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const orgParam = Number(params.get('org')) || undefined;
  const [trail, setTrail] = useState<{ id: number; name: string }[]>([]);
  // The unit drilled into, named above the per-unit table (unknown when opened from a bare link).
  const [atName, setAtName] = useState<string | undefined>();
  const [acting, setActing] = useState<null | 'publish' | 'close' | 'export' | 'delete'>(null);
  const navigate = useNavigate();
  const lang = i18n.language;
  const mayManage = can('surveys.manage');

  const results = useQuery({
    queryKey: surveyResultsKey(surveyId, orgParam),
    queryFn: () => api.get<TSurveyResults>(`${SURVEYS}/${surveyId}/results`, { orgId: orgParam }),
    refetchInterval: 60_000,
  });
  const qr = useQuery({
    queryKey: [...surveysKey, 'qr', surveyId],
    queryFn: () => api.get<{ url: string; svg: string }>(`${SURVEYS}/${surveyId}/qr`),
    staleTime: 300_000,
  });

  const act = (kind: 'publish' | 'close') =>
    modal.confirm({
      title: kind === 'publish' ? t('surveyWork.results.publish') : t('surveyWork.results.close'),
      content:
        kind === 'publish' ? t('surveyWork.results.publishConfirm') : t('surveyWork.results.closeConfirm'),
      // data-* is fine on the button; the props type does not list it.
      okButtonProps: {
        danger: kind === 'close',
        ...({ 'data-testid': `survey-${kind}-ok` } as Record<string, string>),
      },
      onOk: async () => {
        setActing(kind);
        try {
          await api.post<TSurvey>(`${SURVEYS}/${surveyId}/${kind}`);
          message.success(
            kind === 'publish' ? t('surveyWork.results.published') : t('surveyWork.results.closed'),
          );
          await client.invalidateQueries({ queryKey: surveysKey });
        } catch (e) {
          message.error(errorMessage(e));
        } finally {
          setActing(null);
        }
      },
    });

  const remove = async () => {
    setActing('delete');
    try {
      await api.delete(`${SURVEYS}/${surveyId}`);
      message.success(t('surveyWork.results.deleted'));
      await client.invalidateQueries({ queryKey: surveysKey });
      navigate('/surveys');
    } catch (e) {
      message.error(errorMessage(e));
      setActing(null);
    }
  };

  const exportXlsx = async () => {
    setActing('export');
    try {
      await api.download(`${SURVEYS}/${surveyId}/results/export`, undefined, `问卷结果-${surveyId}.xlsx`);
      message.success(t('surveyWork.results.exported'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setActing(null);
    }
  };

  const drill = (org: { id: number; name: string }) => {
    const here = results.data;
    if (!here) return;
    setTrail((tr) => [...tr, { id: orgParam ?? here.survey.org.id, name: atName ?? '' }]);
    setAtName(org.name);
    const next = new URLSearchParams(params);
    next.set('org', String(org.id));
    setParams(next, { replace: false });
  };
  const up = () => {
    const prev = trail[trail.length - 1];
    setTrail((tr) => tr.slice(0, -1));
    setAtName(prev?.name || undefined);
    const next = new URLSearchParams(params);
    if (!prev || prev.id === results.data?.survey.org.id) next.delete('org');
    else next.set('org', String(prev.id));
    setParams(next);
  };

  if (!results.data) {
    return results.isError ? (
      <Alert
        type="error"
        showIcon
        title={t('surveyWork.results.loadFailed')}
        description={errorMessage(results.error)}
        action={<Button onClick={() => void results.refetch()}>{t('action.retry')}</Button>}
      />
    ) : (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }
  const r = results.data;
  const s = r.survey;
  const repSurvey = s.purpose !== 'union';

  return (
    <div className="nj-hs">
      <div className="nj-hs-head" data-testid="survey-header">
        <div>
          <Link to="/surveys">
            <ArrowLeftOutlined /> {t('surveyWork.results.back')}
          </Link>
          <Typography.Title level={2} style={{ fontSize: 20, margin: '4px 0' }}>
            {s.title}
          </Typography.Title>
          <Space size={6} wrap>
            <Tag color={purposeColor[s.purpose]}>{label('purpose', s.purpose)}</Tag>
            <Tag
              color={statusColor[s.status]}
              data-testid="survey-state"
              data-state={s.state}
              data-status={s.status}
            >
              {label('status', s.status)}
            </Tag>
            <Tag>{s.anonymous ? t('surveyWork.results.anonymous') : t('surveyWork.results.named')}</Tag>
            <Typography.Text type="secondary">
              {s.org.name}
              {s.congress ? ` · ${s.congress.name}` : ''} ·{' '}
              {t('surveyWork.results.window', {
                from: formatDateTime(s.opensAt, lang),
                to: formatDateTime(s.closesAt, lang),
              })}
            </Typography.Text>
          </Space>
        </div>
        <div className="nj-hs-actions">
          {mayManage && s.state === 'draft' ? (
            <Link to={`/surveys/${s.id}/edit`}>
              <Button icon={<EditOutlined />} data-testid="survey-edit">
                {t('surveyWork.results.edit')}
              </Button>
            </Link>
          ) : null}
          {mayManage && s.state === 'draft' ? (
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={acting === 'publish'}
              onClick={() => act('publish')}
              data-testid="survey-publish"
            >
              {t('surveyWork.results.publish')}
            </Button>
          ) : null}
          {mayManage && s.state === 'draft' ? (
            <Popconfirm
              title={t('surveyWork.results.deleteConfirm')}
              okText={t('surveyWork.results.delete')}
              okButtonProps={{ danger: true, 'data-testid': 'survey-delete-ok' }}
              onConfirm={() => remove()}
            >
              <Button
                danger
                icon={<DeleteOutlined />}
                loading={acting === 'delete'}
                data-testid="survey-delete"
              >
                {t('surveyWork.results.delete')}
              </Button>
            </Popconfirm>
          ) : null}
          {mayManage && s.state === 'open' ? (
            <Button
              danger
              icon={<StopOutlined />}
              loading={acting === 'close'}
              onClick={() => act('close')}
              data-testid="survey-close"
            >
              {t('surveyWork.results.close')}
            </Button>
          ) : null}
          <Button
            icon={<DownloadOutlined />}
            loading={acting === 'export'}
            onClick={() => void exportXlsx()}
            data-testid="survey-export"
          >
            {t('surveyWork.results.export')}
          </Button>
        </div>
      </div>

      {s.state === 'draft' ? (
        <Alert type="info" showIcon title={t('surveyWork.results.draftHint')} style={{ marginBottom: 12 }} />
      ) : null}

      <Row gutter={[12, 12]}>
        <Col xs={24} xl={18}>
          <KpiCards
            testIdPrefix="survey-"
            bodyStyle={kpiBody}
            kpis={[
              { key: 'eligible', title: t('surveyWork.results.eligible'), value: s.eligible },
              { key: 'responses', title: t('surveyWork.results.responses'), value: s.responses },
              {
                key: 'measurement-rate',
                title: t('surveyWork.results.rate'),
                value: pct(s.measurementRate),
                tip: r.measurementRateDefinition,
              },
              {
                key: 'satisfaction',
                title: t('surveyWork.results.satisfaction'),
                value: pct(s.satisfaction),
                tip: r.satisfactionDefinition,
                hint: t('surveyWork.results.satisfiedOf', { s: r.satisfiedAnswers, c: r.countedAnswers }),
              },
            ]}
          />
          <Card size="small" style={{ marginTop: 12 }} title={t('surveyWork.results.definitions')}>
            <Typography.Paragraph
              type="secondary"
              style={{ marginBottom: 4 }}
              data-testid="survey-rate-definition"
            >
              {r.measurementRateDefinition}
            </Typography.Paragraph>
            <Typography.Paragraph
              type="secondary"
              style={{ margin: 0 }}
              data-testid="survey-satisfaction-definition"
            >
              {r.satisfactionDefinition}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={6}>
          <QrCard qr={qr.data} error={qr.error} title={s.title} />
        </Col>
      </Row>

      <Typography.Title level={3} style={{ fontSize: 16, margin: '20px 0 8px' }}>
        {t('surveyWork.results.questions')}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {r.questions.map((q, i) => (
          <Col key={q.id} xs={24} lg={12}>
            <QuestionCard q={q} n={i + 1} />
          </Col>
        ))}
      </Row>

      <OrgsSection
        orgs={r.orgs}
        canGoUp={orgParam !== undefined}
        at={orgParam !== undefined ? atName : undefined}
        onUp={up}
        onDrill={drill}
      />

      {repSurvey ? <SubjectsSection subjects={r.subjects} /> : null}

      <Card size="small" title={t('surveyWork.results.daily')} style={{ marginTop: 16 }}>
        {r.daily.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Chart
            testId="survey-daily-chart"
            label={t('surveyWork.results.daily')}
            height={240}
            option={{
              tooltip: { trigger: 'axis' },
              grid: { left: 40, right: 16, top: 16, bottom: 28 },
              xAxis: { type: 'category', data: r.daily.map((d) => d.day.slice(5)) },
              yAxis: { type: 'value', minInterval: 1 },
              series: [
                {
                  type: 'line',
                  name: t('surveyWork.results.count'),
                  data: r.daily.map((d) => d.responses),
                  areaStyle: { opacity: 0.12 },
                  itemStyle: { color: RED },
                },
              ],
            }}
          />
        )}
      </Card>
    </div>
  );
}

function QrCard({
  qr,
  error,
  title,
}: {
  qr: { url: string; svg: string } | undefined;
  error: unknown;
  title: string;
}) {
  const { t } = useTranslation();
  const download = () => {
    if (!qr) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([qr.svg], { type: 'image/svg+xml' }));
    a.download = `问卷二维码-${title}.svg`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const print = () => {
    if (!qr) return;
    const w = window.open('', '_blank', 'width=600,height=800');
    if (!w) return;
    const doc = w.document;
    doc.title = title;
    const box = doc.createElement('div');
    box.style.cssText = 'text-align:center;font-family:sans-serif;padding:40px';
    const h = doc.createElement('h1');
    h.textContent = title;
    const img = doc.createElement('img');
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.svg)}`;
    img.style.cssText = 'width:320px;height:320px';
    const hint = doc.createElement('p');
    hint.textContent = t('surveyWork.results.qrHint');
    hint.style.cssText = 'font-size:18px;margin:16px 0 4px';
    const link = doc.createElement('p');
    link.textContent = qr.url;
    link.style.cssText = 'font-family:monospace;font-size:14px;word-break:break-all;margin:0';
    link.dataset.testid = 'survey-qr-print-url';
    box.append(h, img, hint, link);
    doc.body.append(box);
    img.onload = () => w.print();
  };
  return (
    <Card size="small" title={t('surveyWork.results.qr')} style={{ height: '100%' }}>
      {error ? (
        <Typography.Text type="danger">{errorMessage(error)}</Typography.Text>
      ) : !qr ? (
        <Skeleton.Image active />
      ) : (
        <div style={{ textAlign: 'center' }}>
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.svg)}`}
            alt={t('surveyWork.results.qr')}
            width={150}
            height={150}
            data-testid="survey-qr"
          />
          <Typography.Paragraph
            copyable={{ text: qr.url }}
            style={{ fontSize: 12, wordBreak: 'break-all', margin: '4px 0' }}
            data-testid="survey-qr-url"
          >
            {qr.url}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 6 }}>
            {t('surveyWork.results.qrHint')}
          </Typography.Paragraph>
          <Space size={6}>
            <Button size="small" icon={<PrinterOutlined />} onClick={print} data-testid="survey-qr-print">
              {t('surveyWork.results.print')}
            </Button>
            <Button
              size="small"
              icon={<DownloadOutlined />}
              onClick={download}
              data-testid="survey-qr-download"
            >
              {t('surveyWork.results.download')}
            </Button>
          </Space>
        </div>
      )}
    </Card>
  );
}

function QuestionCard({ q, n }: { q: QuestionResult; n: number }) {
  const { t } = useTranslation();
  const label = useSurveyLabels();
  const option = useMemo((): ChartOption | null => {
    if (q.type === 'text') return null;
    const data = q.distribution.map((d) => ({
      name: d.label,
      value: d.count,
      // Ratings: satisfied scores red, the rest grey; multiple choices carry no satisfaction.
      itemStyle: { color: q.type === 'multiple' ? '#5b8ff9' : d.satisfied ? RED : GREY },
    }));
    if (q.type === 'single') {
      // Satisfied answers in warm reds, the others in greys: the share of red is the satisfaction.
      const warm = ['#c8102e', '#e8684a', '#f29a76', '#f6bd16'];
      const grey = ['#8c8c8c', '#bfbfbf', '#d9d9d9'];
      return {
        tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
        legend: { bottom: 0, type: 'scroll' },
        series: [
          {
            type: 'pie',
            radius: ['38%', '66%'],
            center: ['50%', '44%'],
            data: q.distribution.map((d, i) => ({
              name: d.label,
              value: d.count,
              itemStyle: { color: d.satisfied ? warm[i % 4] : grey[i % 3] },
            })),
            label: { formatter: '{b}\n{d}%' },
          },
        ],
      };
    }
    const horizontal = q.type === 'multiple';
    const cat = {
      type: 'category' as const,
      data: q.distribution.map((d) => (q.type === 'rating' ? `${d.label}` : d.label)),
    };
    const val = { type: 'value' as const, minInterval: 1 };
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: horizontal ? 100 : 40, right: 24, top: 16, bottom: 28 },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? { ...cat, inverse: true } : val,
      series: [
        {
          type: 'bar',
          name: t('surveyWork.results.count'),
          data,
          barMaxWidth: 36,
          label: { show: true, position: horizontal ? 'right' : 'top' },
        },
      ],
    };
  }, [q, t]);
  return (
    <Card
      size="small"
      style={{ height: '100%' }}
      data-testid={`survey-question-result-${q.id}`}
      title={
        <span style={{ whiteSpace: 'normal' }}>
          {n}. {q.title} <Tag style={{ marginLeft: 4 }}>{label('type', q.type)}</Tag>
        </span>
      }
    >
      <Space size={12} wrap style={{ marginBottom: 4 }}>
        <Typography.Text type="secondary">
          {t('surveyWork.results.answers', { count: q.answers })}
        </Typography.Text>
        {q.average != null ? (
          <Typography.Text strong>
            {t('surveyWork.results.average', { avg: q.average.toFixed(2) })}
          </Typography.Text>
        ) : null}
        {q.satisfaction != null ? (
          <Typography.Text>
            <CheckCircleOutlined style={{ color: RED }} /> {t('surveyWork.results.satisfaction')}{' '}
            {pct(q.satisfaction)}
          </Typography.Text>
        ) : null}
      </Space>
      {q.answers === 0 ? (
        // An empty pie would be drawn as equal slices: say there is nothing yet instead.
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ margin: '48px 0' }} />
      ) : option ? (
        <Chart option={option} height={240} label={q.title} />
      ) : q.texts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('surveyWork.results.noTexts')} />
      ) : (
        <List
          size="small"
          style={{ maxHeight: 240, overflowY: 'auto' }}
          dataSource={q.texts}
          renderItem={(text) => <List.Item>{text}</List.Item>}
        />
      )}
    </Card>
  );
}

function OrgsSection({
  orgs,
  canGoUp,
  at,
  onUp,
  onDrill,
}: {
  orgs: z.infer<typeof ZOrgResult>[];
  canGoUp: boolean;
  at: string | undefined;
  onUp: () => void;
  onDrill: (org: { id: number; name: string }) => void;
}) {
  const { t } = useTranslation();
  const rows: OrgResult[] = orgs.map((o) => ({ ...o, id: o.org.id }));
  const columns: TableColumnsType<OrgResult> = [
    {
      key: 'org',
      title: t('surveyWork.results.org'),
      render: (_, o) => (
        <Button
          type="link"
          style={{ padding: 0 }}
          onClick={() => onDrill(o.org)}
          data-testid={`survey-org-drill-${o.org.id}`}
        >
          {o.org.name}
        </Button>
      ),
    },
    {
      key: 'eligible',
      title: t('surveyWork.results.eligible'),
      dataIndex: 'eligible',
      align: 'right',
      width: 110,
    },
    {
      key: 'responses',
      title: t('surveyWork.results.responses'),
      dataIndex: 'responses',
      align: 'right',
      width: 100,
    },
    {
      key: 'rate',
      title: t('surveyWork.results.rate'),
      align: 'right',
      width: 100,
      render: (_, o) => pct(o.measurementRate),
      sorter: (a, b) => (a.measurementRate ?? -1) - (b.measurementRate ?? -1),
    },
    {
      key: 'satisfaction',
      title: t('surveyWork.results.satisfaction'),
      align: 'right',
      width: 100,
      render: (_, o) => pct(o.satisfaction),
      sorter: (a, b) => (a.satisfaction ?? -1) - (b.satisfaction ?? -1),
    },
  ];
  const toPct = (v: number | null) => (v == null ? null : Math.round(v * 10000) / 100);
  return (
    <Card
      size="small"
      title={
        <Space size={8}>
          {t('surveyWork.results.orgs')}
          {at ? (
            <Typography.Text type="secondary" style={{ fontWeight: 400 }} data-testid="survey-org-at">
              {t('surveyWork.results.drillAt', { name: at })}
            </Typography.Text>
          ) : null}
        </Space>
      }
      style={{ marginTop: 16 }}
      extra={
        <Space>
          <Typography.Text type="secondary">{t('surveyWork.results.orgsHint')}</Typography.Text>
          {canGoUp ? (
            <Button size="small" icon={<ArrowLeftOutlined />} onClick={onUp} data-testid="survey-org-up">
              {t('surveyWork.results.drillUp')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Table<OrgResult>
            data-testid="survey-orgs-table"
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={rows.length > 10 ? { pageSize: 10 } : false}
          />
        </Col>
        <Col xs={24} xl={12}>
          {rows.length ? (
            <Chart
              testId="survey-orgs-chart"
              label={t('surveyWork.results.orgs')}
              height={Math.max(220, rows.length * 32 + 60)}
              onClick={(e) => {
                const o = rows[e.dataIndex];
                if (o) onDrill(o.org);
              }}
              option={{
                tooltip: { trigger: 'axis', valueFormatter: (v) => (v == null ? '—' : `${v}%`) },
                legend: { top: 0 },
                grid: { left: 8, right: 24, top: 28, bottom: 20, containLabel: true },
                xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
                yAxis: { type: 'category', inverse: true, data: rows.map((o) => o.org.name) },
                series: [
                  {
                    type: 'bar',
                    name: t('surveyWork.results.rate'),
                    data: rows.map((o) => toPct(o.measurementRate)),
                    itemStyle: { color: '#5b8ff9' },
                    barMaxWidth: 14,
                  },
                  {
                    type: 'bar',
                    name: t('surveyWork.results.satisfaction'),
                    data: rows.map((o) => toPct(o.satisfaction)),
                    itemStyle: { color: RED },
                    barMaxWidth: 14,
                  },
                ],
              }}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Col>
      </Row>
    </Card>
  );
}

function SubjectsSection({ subjects }: { subjects: z.infer<typeof ZSubjectResult>[] }) {
  const { t } = useTranslation();
  const rows: SubjectResult[] = subjects.map((x) => ({ ...x, id: x.representative.id }));
  const columns: TableColumnsType<SubjectResult> = [
    {
      key: 'rep',
      title: t('surveyWork.results.rep'),
      render: (_, x) => (
        <Link to={`/duty/representatives/${x.representative.id}`}>{x.representative.name}</Link>
      ),
    },
    {
      key: 'delegation',
      title: t('surveyWork.results.delegation'),
      render: (_, x) => x.representative.delegation,
    },
    { key: 'eligible', title: t('surveyWork.results.eligible'), dataIndex: 'eligible', align: 'right' },
    { key: 'responses', title: t('surveyWork.results.responses'), dataIndex: 'responses', align: 'right' },
    {
      key: 'average',
      title: t('surveyWork.results.average', { avg: '' }).trim(),
      align: 'right',
      render: (_, x) => (x.average == null ? '—' : x.average.toFixed(2)),
      sorter: (a, b) => (a.average ?? -1) - (b.average ?? -1),
    },
    {
      key: 'satisfaction',
      title: t('surveyWork.results.satisfaction'),
      align: 'right',
      render: (_, x) => pct(x.satisfaction),
      sorter: (a, b) => (a.satisfaction ?? -1) - (b.satisfaction ?? -1),
      defaultSortOrder: 'descend',
    },
  ];
  return (
    <Card size="small" title={t('surveyWork.results.reps')} style={{ marginTop: 16 }}>
      <Table<SubjectResult>
        data-testid="survey-reps-table"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
      />
    </Card>
  );
}
