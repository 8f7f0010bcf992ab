/*
 * 代表大会与代表 (/proposals/congresses): the union's member-representative congresses (会员代表大会常任制).
 * Pick a congress (the address keeps it: ?congress=<id>&tab=<tab>), then its settings (name, term,
 * co-sign threshold and the deadlines of every step), its sessions, the representative directory
 * (cadres add representatives from the accounts of their subtree, edit them, deactivate them) and the
 * 联系服务 messages workers sent to representatives. Cadres of the union write; others read.
 * Selectors for browser tests:
 *   congress-picker, congress-create, congress-create-ok, congress-summary, congress-tabs,
 *   congress-tab-<settings|sessions|reps|threads>; the panels' selectors are in `proposals/congress.tsx`.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Grid, Select, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../forms.ts';
import { useSession } from '../session.tsx';
import {
  CreateCongressModal,
  RepsPanel,
  SessionsPanel,
  SettingsPanel,
  ThreadsPanel,
} from './proposals/congress.tsx';
import { dayOf, useCongresses } from './proposals/model.ts';
import './hardship/hardship.css';

const tabs = ['settings', 'sessions', 'reps', 'threads'] as const;
type Tab = (typeof tabs)[number];

export default function CongressesPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useSession();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const congresses = useCongresses();
  const mayEdit = can('proposals.congress');
  const list = congresses.data ?? [];
  const wanted = Number(params.get('congress'));
  const current = list.find((c) => c.id === wanted) ?? list.find((c) => c.state === 'active') ?? list[0];
  const tabParam = params.get('tab');
  const tab: Tab = (tabs as readonly string[]).includes(tabParam ?? '') ? (tabParam as Tab) : 'reps';
  const lang = i18n.language;
  const rootOrgId = me.active?.org.id;

  const go = (congress: number | undefined, nextTab: Tab) => {
    const next = new URLSearchParams();
    if (congress) next.set('congress', String(congress));
    next.set('tab', nextTab);
    setParams(next);
  };

  return (
    <div className="nj-hs">
      <div className="nj-hs-head">
        <div>
          <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
            {t('congressWork.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('congressWork.subtitle')}
          </Typography.Paragraph>
        </div>
        <div className="nj-hs-actions">
          {list.length > 1 ? (
            <Select<number>
              value={current?.id}
              onChange={(id) => go(id, tab)}
              options={list.map((c) => ({ value: c.id, label: c.name }))}
              style={{ width: screens.md ? 340 : '100%' }}
              aria-label={t('congressWork.pick')}
              data-testid="congress-picker"
            />
          ) : null}
          {mayEdit && rootOrgId ? (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="congress-create">
              {t('congressWork.create')}
            </Button>
          ) : null}
        </div>
      </div>

      {congresses.isError && !congresses.data ? (
        <Alert
          type="error"
          showIcon
          title={t('congressWork.loadFailed')}
          description={errorMessage(congresses.error)}
          action={
            <Button size="small" onClick={() => void congresses.refetch()}>
              {t('action.retry')}
            </Button>
          }
        />
      ) : congresses.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : !current ? (
        <Card>
          <Empty description={t('congressWork.none')}>
            <Typography.Paragraph type="secondary">{t('congressWork.noneHint')}</Typography.Paragraph>
            {mayEdit && rootOrgId ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('congressWork.create')}
              </Button>
            ) : null}
          </Empty>
        </Card>
      ) : (
        <Card size="small" styles={{ body: { padding: screens.sm ? 16 : 12, paddingTop: 8 } }}>
          <div data-testid="congress-summary" style={{ marginBottom: 4 }}>
            <Space size={8} wrap>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {current.name}
              </Typography.Text>
              <Tag color={current.state === 'active' ? 'green' : 'default'}>
                {current.state === 'active' ? t('congressWork.active') : t('congressWork.closed')}
              </Tag>
            </Space>
            <div>
              <Typography.Text type="secondary">
                {current.org.name} ·{' '}
                {t('congressWork.term', {
                  n: current.termNo,
                  from: dayOf(current.termStart, lang),
                  to: dayOf(current.termEnd, lang),
                })}{' '}
                ·{' '}
                {t('congressWork.counts', {
                  reps: current.representativeCount,
                  proposals: current.proposalCount,
                })}
              </Typography.Text>
            </div>
          </div>
          <Tabs
            data-testid="congress-tabs"
            activeKey={tab}
            onChange={(k) => go(current.id, k as Tab)}
            items={tabs.map((k) => ({
              key: k,
              label: <span data-testid={`congress-tab-${k}`}>{t(`congressWork.tab.${k}`)}</span>,
              children:
                k === 'settings' ? (
                  <SettingsPanel congress={current} editable={mayEdit} />
                ) : k === 'sessions' ? (
                  <SessionsPanel congress={current} editable={mayEdit} />
                ) : k === 'reps' ? (
                  <RepsPanel congress={current} editable={mayEdit} />
                ) : (
                  <ThreadsPanel />
                ),
            }))}
            destroyOnHidden
          />
        </Card>
      )}

      {mayEdit && rootOrgId ? (
        <CreateCongressModal
          open={creating}
          rootOrgId={rootOrgId}
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            go(c.id, 'settings');
          }}
        />
      ) : null}
    </div>
  );
}
