/*
 * 评价方案与归档 (/duty/scheme?congress=<id>): the term's indicator scheme in force as an editable form —
 * first-level indicators with weights, the second-level indicators (points per record, cap per term, the
 * platform events they count, whether representatives may enter records), bonus and penalty items, the
 * idle-reminder days — saved as a new version with a note; saving re-scores every record of the term and
 * the page says what changed. The version history, and the archive: 归档本届履职 freezes the term (scores
 * snapshot, no more records, scheme changes or check-ins).
 * Test ids: duty-congress-select, duty-scheme-form, duty-scheme-save, duty-scheme-note,
 * duty-recompute-message, duty-scheme-versions, duty-archive, duty-archive-ok, duty-archive-facts.
 */
import { DeleteOutlined, InboxOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Divider,
  Empty,
  Form,
  type FormRule,
  Input,
  InputNumber,
  type InputNumberProps,
  List,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  autoDutySources,
  dutyScoreDefinition,
  newSchemeCode,
  type TDutyArchive,
  type TRecomputeSummary,
  type TSchemeDefinition,
} from '../../../shared/duty.ts';
import { ApiError, api } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/format.ts';
import { StatsHeader } from '../components/StatsToolbar.tsx';
import { errorMessage, numberRange } from '../forms.ts';
import { useSession } from '../session.tsx';
import { archiveKey, DUTY, dutyKey, put, schemeKey, type TScheme, useDutyCongress } from './duty/api.ts';
import { CongressGate, CongressPicker } from './duty/CongressPicker.tsx';
import { sourceLabel } from './duty/duty-pages.i18n.ts';
import { congressesKey, type TCongress } from './proposals/model.ts';

export default function DutySchemePage() {
  const { t } = useTranslation();
  const state = useDutyCongress();
  return (
    <div className="nj-hs">
      <StatsHeader title={t('dutyPages.scheme.title')} subtitle={t('dutyPages.scheme.subtitle')}>
        <CongressPicker state={state} />
      </StatsHeader>
      <CongressGate state={state}>{(c) => <SchemeAndArchive key={c.id} congress={c} />}</CongressGate>
    </div>
  );
}

const sourceOptions = () => autoDutySources.map((s) => ({ value: s, label: sourceLabel(s) }));

interface SchemeForm {
  definition: TSchemeDefinition;
  note?: string;
}

function SchemeAndArchive({ congress }: { congress: TCongress }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<SchemeForm>();
  const [recompute, setRecompute] = useState<TRecomputeSummary | null>(null);
  const [archiving, setArchiving] = useState(false);
  const lang = i18n.language;

  const scheme = useQuery({
    queryKey: schemeKey(congress.id),
    queryFn: () => api.get<TScheme>(`${DUTY}/congresses/${congress.id}/scheme`),
  });
  const versions = useQuery({
    queryKey: [...schemeKey(congress.id), 'versions'],
    queryFn: () => api.get<TScheme[]>(`${DUTY}/congresses/${congress.id}/schemes`),
  });
  const archive = useQuery({
    queryKey: archiveKey(congress.id),
    // null means "not archived": the page shows the archive button instead of the facts.
    queryFn: () => api.get<TDutyArchive | null>(`${DUTY}/congresses/${congress.id}/archive`),
  });
  const archived = Boolean(archive.data) || congress.state === 'closed';
  const mayManage = can('duty.manage');
  const editable = mayManage && !archived && archive.data !== undefined;

  useEffect(() => {
    if (scheme.data) form.setFieldsValue({ definition: scheme.data.definition, note: '' });
  }, [scheme.data, form]);

  const save = useMutation({
    mutationFn: (v: SchemeForm) =>
      put<{ scheme: TScheme; recompute: TRecomputeSummary }>(`${DUTY}/congresses/${congress.id}/scheme`, {
        definition: v.definition,
        note: v.note?.trim() || null,
      }),
    onSuccess: (r) => {
      setRecompute(r.recompute);
      message.success(t('dutyPages.scheme.saved', { v: r.scheme.version }));
      qc.setQueryData(schemeKey(congress.id), r.scheme);
      void qc.invalidateQueries({ queryKey: dutyKey });
    },
    onError: (e) => {
      // The contract's validation speaks per field; the form shows the message above the save button.
      if (e instanceof ApiError && e.fieldIssues.length) {
        message.error(e.fieldIssues.map((i) => i.message).join('；'));
      } else message.error(errorMessage(e));
    },
  });
  const doArchive = useMutation({
    mutationFn: (note: string) =>
      api.post<TDutyArchive>(`${DUTY}/congresses/${congress.id}/archive`, { note: note.trim() || null }),
    onSuccess: (a) => {
      setArchiving(false);
      message.success(t('dutyPages.archive.done', { n: a.representatives }));
      qc.setQueryData(archiveKey(congress.id), a);
      void qc.invalidateQueries({ queryKey: dutyKey });
      void qc.invalidateQueries({ queryKey: congressesKey });
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const weights = Form.useWatch(['definition', 'firstLevel'], form) as
    | TSchemeDefinition['firstLevel']
    | undefined;
  const weightSum = (weights ?? []).reduce((s, f) => s + (Number(f?.weight) || 0), 0);
  const firstLevelOptions = (weights ?? [])
    .filter(Boolean)
    .map((f) => ({ value: f.code, label: f.name || t('dutyPages.scheme.unnamed') }));
  const weightPaths = (weights ?? []).map((_, i): ['definition', 'firstLevel', number, 'weight'] => [
    'definition',
    'firstLevel',
    i,
    'weight',
  ]);
  // The sum is a rule of the whole list; it is said at every weight, not only in a toast after saving.
  const weightSumRule = {
    validator: () => {
      const list = (form.getFieldValue(['definition', 'firstLevel']) ?? []) as { weight?: unknown }[];
      const sum = list.reduce((s, f) => s + (Number(f?.weight) || 0), 0);
      return sum === 100
        ? Promise.resolve()
        : Promise.reject(new Error(t('dutyPages.scheme.weightSumWrong', { n: sum })));
    },
  };

  if (scheme.isError && !scheme.data)
    return (
      <Alert
        type="error"
        showIcon
        title={t('dutyPages.scheme.loadFailed')}
        description={errorMessage(scheme.error)}
        action={
          <Button size="small" onClick={() => void scheme.refetch()}>
            {t('action.retry')}
          </Button>
        }
      />
    );

  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={18}>
        <Card
          size="small"
          loading={scheme.isPending}
          title={
            <Space>
              {t('dutyPages.scheme.current')}
              {scheme.data ? (
                <Tag color="blue">{t('dutyPages.scheme.version', { v: scheme.data.version })}</Tag>
              ) : null}
              {archived ? <Tag color="purple">{t('dutyPages.common.archivedTag')}</Tag> : null}
            </Space>
          }
        >
          {archived ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('dutyPages.scheme.readOnlyArchived')}
            />
          ) : !mayManage ? (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('dutyPages.scheme.readOnly')} />
          ) : null}
          {recompute ? (
            <Alert
              type="success"
              showIcon
              closable
              onClose={() => setRecompute(null)}
              style={{ marginBottom: 12 }}
              title={<span data-testid="duty-recompute-message">{recompute.message}</span>}
            />
          ) : null}
          <Form<SchemeForm>
            form={form}
            layout="vertical"
            disabled={!editable}
            onFinish={(v) => save.mutate(v)}
            onValuesChange={(changed: Partial<SchemeForm>) => {
              // Mending one weight (or removing an indicator) clears the sum error at the others.
              if (!changed.definition?.firstLevel) return;
              const flagged = weightPaths.filter((p) => form.getFieldError(p).length > 0);
              if (flagged.length) void form.validateFields(flagged).catch(() => undefined);
            }}
            data-testid="duty-scheme-form"
            requiredMark={false}
          >
            <Divider titlePlacement="start" style={{ marginTop: 0 }}>
              {t('dutyPages.scheme.firstLevel')}
              <Typography.Text
                type={weightSum === 100 ? 'secondary' : 'danger'}
                style={{ marginLeft: 8, fontSize: 12 }}
              >
                {t('dutyPages.scheme.weightSum', { n: weightSum })}
              </Typography.Text>
            </Divider>
            <Form.List name={['definition', 'firstLevel']}>
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Row key={f.key} gutter={8} align="top" data-testid={`duty-scheme-first-${f.name}`}>
                      <Col span={12}>
                        <CodeField name={f.name} />
                        <NameField name={f.name} list="firstLevel" placeholder={t('dutyPages.scheme.name')} />
                      </Col>
                      <Col span={9}>
                        <NumberField
                          name={[f.name, 'weight']}
                          required={t('dutyPages.scheme.weightRequired')}
                          min={0}
                          max={100}
                          addonAfter="%"
                          label={t('dutyPages.scheme.weight')}
                          extraRules={[weightSumRule]}
                        />
                      </Col>
                      <Col span={3}>
                        {fields.length > 1 ? <RemoveButton onClick={() => remove(f.name)} /> : null}
                      </Col>
                    </Row>
                  ))}
                  {fields.length < 5 ? (
                    <AddButton onClick={() => add({ code: newSchemeCode('level'), name: '', weight: 0 })}>
                      {t('dutyPages.scheme.addFirstLevel')}
                    </AddButton>
                  ) : null}
                </>
              )}
            </Form.List>

            <Divider titlePlacement="start">{t('dutyPages.scheme.indicators')}</Divider>
            <ColumnHeads
              cols={[
                [5, t('dutyPages.scheme.name')],
                [3, t('dutyPages.scheme.firstLevelOf')],
                [3, t('dutyPages.scheme.points')],
                [3, t('dutyPages.scheme.cap')],
                [7, t('dutyPages.scheme.sources')],
                [2, t('dutyPages.scheme.manual')],
              ]}
            />
            <Form.List name={['definition', 'indicators']}>
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Row key={f.key} gutter={8} align="top" data-testid={`duty-scheme-indicator-${f.name}`}>
                      <Col span={5}>
                        <CodeField name={f.name} />
                        <NameField name={f.name} list="indicators" />
                      </Col>
                      <Col span={3}>
                        <Form.Item
                          name={[f.name, 'firstLevel']}
                          rules={[{ required: true, message: t('dutyPages.scheme.firstLevelRequired') }]}
                        >
                          <Select options={firstLevelOptions} />
                        </Form.Item>
                      </Col>
                      <Col span={3}>
                        <NumberField
                          name={[f.name, 'pointsPerRecord']}
                          required={t('dutyPages.scheme.pointsRequired')}
                          min={0}
                          max={100}
                          label={t('dutyPages.scheme.points')}
                        />
                      </Col>
                      <Col span={3}>
                        <NumberField
                          name={[f.name, 'capPerTerm']}
                          required={t('dutyPages.scheme.capRequired')}
                          min={1}
                          max={1000}
                          label={t('dutyPages.scheme.cap')}
                        />
                      </Col>
                      <Col span={7}>
                        <SourcesField name={f.name} placeholder={t('dutyPages.scheme.noSources')} />
                      </Col>
                      <Col span={2}>
                        <Form.Item name={[f.name, 'manualEntry']} valuePropName="checked">
                          <Switch size="small" />
                        </Form.Item>
                      </Col>
                      <Col span={1}>
                        {fields.length > 1 ? <RemoveButton onClick={() => remove(f.name)} /> : null}
                      </Col>
                    </Row>
                  ))}
                  {fields.length < 20 ? (
                    <AddButton
                      onClick={() =>
                        add({
                          code: newSchemeCode('item'),
                          name: '',
                          firstLevel: firstLevelOptions[0]?.value,
                          pointsPerRecord: 1,
                          capPerTerm: 10,
                          sources: [],
                          manualEntry: true,
                        })
                      }
                    >
                      {t('dutyPages.scheme.addIndicator')}
                    </AddButton>
                  ) : null}
                </>
              )}
            </Form.List>

            {(['bonuses', 'penalties'] as const).map((list) => (
              <AdjustmentList key={list} list={list} />
            ))}

            <Divider titlePlacement="start">{t('dutyPages.scheme.other')}</Divider>
            <Form.Item
              name={['definition', 'idleReminderDays']}
              label={t('dutyPages.scheme.idleDays')}
              extra={t('dutyPages.scheme.idleDaysHint')}
              rules={[
                { required: true, message: t('dutyPages.scheme.idleRequired') },
                numberRange(t, t('dutyPages.scheme.idleDays'), 7, 365),
              ]}
            >
              <InputNumber precision={0} addonAfter={t('dutyPages.idle.dayUnit')} style={{ width: 180 }} />
            </Form.Item>
            {editable ? (
              <>
                <Form.Item
                  name="note"
                  label={t('dutyPages.scheme.note')}
                  extra={t('dutyPages.scheme.noteHint')}
                  rules={[{ required: true, whitespace: true, message: t('dutyPages.scheme.noteRequired') }]}
                >
                  <Input.TextArea rows={2} maxLength={200} showCount data-testid="duty-scheme-note" />
                </Form.Item>
                <Space>
                  <Button
                    type="primary"
                    htmlType="submit"
                    icon={<SaveOutlined />}
                    loading={save.isPending}
                    data-testid="duty-scheme-save"
                  >
                    {t('dutyPages.scheme.save')}
                  </Button>
                  <Button
                    htmlType="button"
                    onClick={() =>
                      scheme.data && form.setFieldsValue({ definition: scheme.data.definition, note: '' })
                    }
                  >
                    {t('dutyPages.scheme.reset')}
                  </Button>
                </Space>
              </>
            ) : null}
          </Form>
          {scheme.data ? (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }}>
              {t('dutyPages.common.definition')}
              {dutyScoreDefinition}
            </Typography.Paragraph>
          ) : null}
        </Card>
      </Col>

      <Col xs={24} xl={6}>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Card
            size="small"
            title={t('dutyPages.archive.title')}
            loading={archive.isPending}
            data-testid="duty-archive-card"
          >
            {archive.isError ? (
              <Typography.Text type="danger">{errorMessage(archive.error)}</Typography.Text>
            ) : archive.data ? (
              <Descriptions size="small" column={1} data-testid="duty-archive-facts">
                <Descriptions.Item label={t('dutyPages.archive.at')}>
                  {formatDateTime(archive.data.archivedAt, lang)}
                </Descriptions.Item>
                <Descriptions.Item label={t('dutyPages.archive.by')}>
                  {archive.data.archivedBy?.name ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('dutyPages.archive.scheme')}>
                  {t('dutyPages.scheme.version', { v: archive.data.schemeVersion })}
                </Descriptions.Item>
                <Descriptions.Item label={t('dutyPages.archive.reps')}>
                  {archive.data.representatives}
                </Descriptions.Item>
                <Descriptions.Item label={t('dutyPages.archive.records')}>
                  {archive.data.records}
                </Descriptions.Item>
                {archive.data.note ? (
                  <Descriptions.Item label={t('dutyPages.archive.note')}>
                    {archive.data.note}
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            ) : (
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {t('dutyPages.archive.explain')}
                </Typography.Paragraph>
                {mayManage ? (
                  <Button
                    danger
                    icon={<InboxOutlined />}
                    onClick={() => setArchiving(true)}
                    data-testid="duty-archive"
                    block
                  >
                    {t('dutyPages.archive.button')}
                  </Button>
                ) : null}
              </Space>
            )}
          </Card>

          <Card size="small" title={t('dutyPages.scheme.versions')} loading={versions.isPending}>
            {versions.isError ? (
              <Typography.Text type="danger">{errorMessage(versions.error)}</Typography.Text>
            ) : (versions.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <List
                size="small"
                data-testid="duty-scheme-versions"
                dataSource={versions.data ?? []}
                renderItem={(v) => (
                  <List.Item key={v.id}>
                    <div style={{ width: '100%' }}>
                      <Space size={6}>
                        <Tag color={v.version === scheme.data?.version ? 'blue' : 'default'}>
                          {t('dutyPages.scheme.version', { v: v.version })}
                        </Tag>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatDateTime(v.createdAt, lang)} ·{' '}
                          {v.createdBy?.name ?? t('dutyPages.scheme.system')}
                        </Typography.Text>
                      </Space>
                      <div style={{ fontSize: 13, marginTop: 2 }}>
                        {v.note ?? t('dutyPages.scheme.defaultNote')}
                      </div>
                    </div>
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Space>
      </Col>

      <ArchiveModal
        open={archiving}
        congress={congress}
        loading={doArchive.isPending}
        onCancel={() => setArchiving(false)}
        onOk={(note) => doArchive.mutate(note)}
      />
    </Row>
  );
}

/** Grey column heads over a list editor's rows: [span, label] pairs. */
function ColumnHeads({ cols }: { cols: [number, string][] }) {
  return (
    <Row gutter={8} style={{ fontSize: 12, color: '#8c8c8c', marginBottom: 4 }}>
      {cols.map(([span, label]) => (
        <Col key={label} span={span}>
          {label}
        </Col>
      ))}
    </Row>
  );
}

type SchemeList = 'firstLevel' | 'indicators' | 'bonuses' | 'penalties';

/**
 * A list item's name (required, at most 20 characters, unique: first-level names among themselves, the
 * indicators', bonuses' and penalties' together, as they head the leaderboard's columns).
 */
function NameField({ name, list, placeholder }: { name: number; list: SchemeList; placeholder?: string }) {
  const { t } = useTranslation();
  const peers: SchemeList[] = list === 'firstLevel' ? ['firstLevel'] : ['indicators', 'bonuses', 'penalties'];
  return (
    <Form.Item
      name={[name, 'name']}
      dependencies={peers.map((l) => ['definition', l])}
      rules={[
        { required: true, message: t('dutyPages.scheme.nameRequired') },
        ({ getFieldValue }) => ({
          validator: async (_, v: string | undefined) => {
            const mine = v?.trim();
            if (!mine) return;
            const same = peers
              .flatMap((l) => (getFieldValue(['definition', l]) ?? []) as { name?: string }[])
              .filter((item) => item?.name?.trim() === mine).length;
            if (same > 1) throw new Error(t('dutyPages.scheme.nameDuplicate', { name: mine }));
          },
        }),
      ]}
    >
      <Input placeholder={placeholder} maxLength={20} aria-label={t('dutyPages.scheme.name')} />
    </Form.Item>
  );
}

/** A whole number between `min` and `max`; `required` is the message when it must be filled in. */
function NumberField({
  name,
  required,
  min,
  max,
  label,
  extraRules = [],
  ...input
}: {
  name: (string | number)[];
  required?: string;
  min: number;
  max: number;
  label: string;
  extraRules?: FormRule[];
} & Pick<InputNumberProps, 'addonAfter' | 'prefix' | 'placeholder'>) {
  const { t } = useTranslation();
  const range = numberRange(t, label, min, max);
  const rules: FormRule[] = required ? [{ required: true, message: required }, range] : [range];
  return (
    <Form.Item name={name} rules={[...rules, ...extraRules]}>
      <InputNumber precision={0} style={{ width: '100%' }} aria-label={label} {...input} />
    </Form.Item>
  );
}

/** The platform events a list item counts. */
function SourcesField({ name, placeholder }: { name: number; placeholder: string }) {
  return (
    <Form.Item name={[name, 'sources']}>
      {/* Every chosen event shows (the tags wrap); "+ 1 ..." hid which events an item counts. */}
      <Select mode="multiple" options={sourceOptions()} placeholder={placeholder} />
    </Form.Item>
  );
}

function RemoveButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button
      type="text"
      danger
      icon={<DeleteOutlined />}
      onClick={onClick}
      aria-label={t('dutyPages.scheme.remove')}
    />
  );
}

function AddButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button type="dashed" icon={<PlusOutlined />} onClick={onClick} style={{ marginBottom: 8 }}>
      {children}
    </Button>
  );
}

/** The bonus or the penalty items: code, name, points (+ or −), optional cap, counted events. */
function AdjustmentList({ list }: { list: 'bonuses' | 'penalties' }) {
  const { t } = useTranslation();
  return (
    <div>
      <Divider titlePlacement="start">{t(`dutyPages.scheme.${list}`)}</Divider>
      <ColumnHeads
        cols={[
          [7, t('dutyPages.scheme.name')],
          [3, t('dutyPages.scheme.points')],
          [4, t('dutyPages.scheme.capOptional')],
          [9, t('dutyPages.scheme.sourcesAdj')],
        ]}
      />
      <Form.List name={['definition', list]}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row key={f.key} gutter={8} align="top" data-testid={`duty-scheme-${list}-${f.name}`}>
                <Col span={7}>
                  <CodeField name={f.name} />
                  <NameField name={f.name} list={list} />
                </Col>
                <Col span={3}>
                  <NumberField
                    name={[f.name, 'points']}
                    required={t('dutyPages.scheme.pointsRequired')}
                    min={1}
                    max={100}
                    prefix={list === 'bonuses' ? '+' : '−'}
                    label={t('dutyPages.scheme.points')}
                  />
                </Col>
                <Col span={4}>
                  <NumberField
                    name={[f.name, 'capPerTerm']}
                    min={1}
                    max={1000}
                    placeholder={t('dutyPages.scheme.noCap')}
                    label={t('dutyPages.scheme.cap')}
                  />
                </Col>
                <Col span={9}>
                  <SourcesField name={f.name} placeholder={t('dutyPages.scheme.byCadre')} />
                </Col>
                <Col span={1}>
                  <RemoveButton onClick={() => remove(f.name)} />
                </Col>
              </Row>
            ))}
            {fields.length < 10 ? (
              <AddButton
                onClick={() =>
                  add({ code: newSchemeCode(list), name: '', points: 1, capPerTerm: null, sources: [] })
                }
              >
                {t(`dutyPages.scheme.add_${list}`)}
              </AddButton>
            ) : null}
          </>
        )}
      </Form.List>
    </div>
  );
}

/**
 * An item's code: the key records and score snapshots refer to, so it never changes and a cadre never
 * types one. Items of the scheme in force keep theirs; a new item gets a random one (`newSchemeCode`).
 */
function CodeField({ name }: { name: number }) {
  return (
    <Form.Item name={[name, 'code']} hidden>
      <Input />
    </Form.Item>
  );
}

function ArchiveModal({
  open,
  congress,
  loading,
  onCancel,
  onOk,
}: {
  open: boolean;
  congress: TCongress;
  loading: boolean;
  onCancel: () => void;
  onOk: (note: string) => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <Modal
      open={open}
      title={t('dutyPages.archive.confirmTitle', { name: congress.name })}
      onCancel={onCancel}
      onOk={() => onOk(note)}
      okText={t('dutyPages.archive.confirmOk')}
      okButtonProps={{ danger: true, loading, 'data-testid': 'duty-archive-ok' }}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        title={t('dutyPages.archive.warning')}
        description={t('dutyPages.archive.warningDetail')}
      />
      <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }}>
        {t('dutyPages.archive.note')}
      </Typography.Paragraph>
      <Input.TextArea
        rows={2}
        maxLength={200}
        showCount
        value={note}
        onChange={(e) => setNote(e.target.value)}
        style={{ marginBottom: 16 }}
        data-testid="duty-archive-note"
      />
    </Modal>
  );
}
