import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Col, Empty, Grid, Row, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { TOrg } from '../../../shared/orgs.ts';
import { useSession } from '../session.tsx';
import { type OrgChange, OrgDetail } from './orgs/OrgDetail.tsx';
import { OrgSearchBox, OrgSearchResults, useDebounced } from './orgs/OrgSearch.tsx';
import { OrgTree } from './orgs/OrgTree.tsx';
import { ancestorIds, depthOf, orgKeys, orgsApi } from './orgs/orgsApi.ts';
import './orgs/orgs.css';

/** 组织架构: the caller's subtree on the left, the chosen org and its actions on the right. */
export default function OrgsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const client = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const acting = me.active?.org ?? null;
  const rootId = acting?.id ?? null;
  const fromUrl = Number(params.get('id'));
  const selectedId = Number.isInteger(fromUrl) && fromUrl > 0 ? fromUrl : rootId;

  const [expanded, setExpanded] = useState<number[]>(rootId === null ? [] : [rootId]);
  const [loaded, setLoaded] = useState<number[]>(rootId === null ? [] : [rootId]);
  const [searchText, setSearchText] = useState('');
  const q = useDebounced(searchText.trim());
  const detailRef = useRef<HTMLDivElement>(null);

  const addLoaded = (ids: number[]) =>
    setLoaded((prev) => [...prev, ...ids.filter((id) => !prev.includes(id))]);

  /** Open the tree down to an org so it can be seen. */
  const reveal = (org: Pick<TOrg, 'path'>) => {
    if (!acting) return;
    const ids = ancestorIds(org, depthOf(acting.path));
    setExpanded((prev) => [...prev, ...ids.filter((id) => !prev.includes(id))]);
    addLoaded(ids);
  };

  const select = (id: number, scroll = false) => {
    setParams(id === rootId ? {} : { id: String(id) }, { replace: true });
    // On a phone the details sit below the tree: bring them into view.
    if (scroll && !screens.lg) {
      requestAnimationFrame(() => detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
    }
  };

  // Open the tree to the selected org, also when it came from a link or moved.
  const selected = useQuery({
    queryKey: orgKeys.one(selectedId ?? 0),
    queryFn: () => orgsApi.one(selectedId ?? 0),
    enabled: selectedId !== null,
  });
  const selectedPath = selected.data?.path;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reveal only when the path changes
  useEffect(() => {
    if (selectedPath) reveal({ path: selectedPath });
  }, [selectedPath]);

  const onChanged = async ({ kind, org }: OrgChange) => {
    await Promise.all([
      client.invalidateQueries({ queryKey: orgKeys.all }),
      client.invalidateQueries({ queryKey: ['workbench'] }),
    ]);
    if (kind === 'created') select(org.id);
    if (kind === 'created' || kind === 'moved') reveal(org);
  };

  if (!acting || rootId === null || selectedId === null) {
    return <Empty description={t('layout.noRole')} />;
  }

  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t('orgs.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t('orgs.treeTitle')} className="nj-org-card">
            <div className="nj-org-search">
              <OrgSearchBox text={searchText} onTextChange={setSearchText} />
            </div>
            {q ? (
              <OrgSearchResults
                q={q}
                selectedId={selectedId}
                onPick={(org) => {
                  reveal(org);
                  select(org.id, true);
                  setSearchText('');
                }}
              />
            ) : (
              <OrgTree
                selectedId={selectedId}
                onSelect={(org) => select(org.id, true)}
                expanded={expanded}
                onExpandedChange={setExpanded}
                loaded={loaded}
                onLoaded={(id) => addLoaded([id])}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <div ref={detailRef} className="nj-org-detail-anchor">
            <Card>
              <OrgDetail
                key={selectedId}
                orgId={selectedId}
                acting={acting}
                onSelect={(id) => select(id)}
                onChanged={onChanged}
              />
            </Card>
          </div>
        </Col>
      </Row>
    </div>
  );
}
