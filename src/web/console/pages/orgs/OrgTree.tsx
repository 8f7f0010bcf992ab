import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Skeleton, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useTranslation } from 'react-i18next';
import type { TOrg } from '../../../../shared/orgs.ts';
import { errorMessage } from '../../forms.ts';
import { orgKeys, orgsApi, type Page } from './orgsApi.ts';

interface OrgNode extends DataNode {
  org?: TOrg;
  note?: string;
  children?: OrgNode[];
}

/** An org's name with its type and, when inactive, a tag. Shared by the tree and the search list. */
export function OrgLabel({ org }: { org: TOrg }) {
  const { t } = useTranslation();
  return (
    <span className="nj-org-label">
      <span className="nj-org-name">{org.name}</span>
      <Typography.Text type="secondary" className="nj-org-type">
        {t(`orgs.type.${org.type}`)}
      </Typography.Text>
      {org.state === 'inactive' && (
        <Tag color="default" className="nj-org-tag">
          {t('orgs.state.inactive')}
        </Tag>
      )}
    </span>
  );
}

interface Props {
  selectedId: number | null;
  onSelect: (org: TOrg) => void;
  /** Ids whose children are shown (controlled so actions can reveal an org). */
  expanded: number[];
  onExpandedChange: (ids: number[]) => void;
  /** Ids whose children have been asked for; their queries stay live and refresh on invalidation. */
  loaded: number[];
  onLoaded: (id: number) => void;
}

/** The caller's subtree, children loaded when a node opens. */
export function OrgTree({ selectedId, onSelect, expanded, onExpandedChange, loaded, onLoaded }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const root = useQuery({ queryKey: orgKeys.root, queryFn: orgsApi.root });
  const children = useQueries({
    queries: loaded.map((id) => ({ queryKey: orgKeys.children(id), queryFn: () => orgsApi.children(id) })),
  });
  const pages = new Map<number, Page<TOrg>>();
  loaded.forEach((id, i) => {
    const data = children[i]?.data;
    if (data) pages.set(id, data);
  });

  const toNode = (org: TOrg): OrgNode => {
    const page = pages.get(org.id);
    const kids = page?.items.map(toNode);
    if (page && kids && page.total > page.items.length) {
      kids.push({
        key: `more-${org.id}`,
        note: t('orgs.childrenTruncated', { shown: page.items.length }),
        isLeaf: true,
        selectable: false,
      });
    }
    const leaf = page ? page.items.length === 0 : (org.childCount ?? 0) === 0;
    return { key: org.id, org, isLeaf: leaf, children: kids };
  };

  if (root.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (root.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('orgs.loadFailed')}
        description={errorMessage(root.error)}
        action={
          <Button size="small" onClick={() => void root.refetch()}>
            {t('action.retry')}
          </Button>
        }
      />
    );
  }
  const top = root.data.items[0];
  if (!top) return <Empty description={t('msg.empty')} />;

  return (
    <div data-testid="org-tree">
      <Tree<OrgNode>
        blockNode
        showLine
        treeData={[toNode(top)]}
        selectedKeys={selectedId === null ? [] : [selectedId]}
        expandedKeys={expanded}
        loadedKeys={loaded}
        onExpand={(keys) => onExpandedChange(keys.filter((k) => typeof k === 'number'))}
        loadData={async (node) => {
          if (typeof node.key !== 'number') return;
          const id = node.key;
          try {
            await client.fetchQuery({ queryKey: orgKeys.children(id), queryFn: () => orgsApi.children(id) });
          } catch (e) {
            message.error(errorMessage(e));
            throw e;
          }
          onLoaded(id);
        }}
        onSelect={(_keys, info) => {
          if (info.node.org) onSelect(info.node.org);
        }}
        titleRender={(node) =>
          node.org ? (
            <OrgLabel org={node.org} />
          ) : (
            <Typography.Text type="secondary">{node.note}</Typography.Text>
          )
        }
      />
    </div>
  );
}
