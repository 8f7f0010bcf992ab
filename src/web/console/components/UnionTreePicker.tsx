import { TreeSelect } from 'antd';
import { useState } from 'react';
import { partnerOrgTypes } from '../../../shared/rules.ts';
import { orgsApi } from '../pages/orgs/orgsApi.ts';
import { useSession } from '../session.tsx';

interface OrgNode {
  id: number;
  pId: number | null;
  value: number;
  title: string;
  isLeaf: boolean;
}

/**
 * Picks a union for a dashboard: the acting org and, loaded on opening a branch, the unions below it.
 * Partner orgs (suppliers, logistics and courier companies…) run nothing to count and are left out.
 */
export function UnionTreePicker({
  value,
  onChange,
  label,
  testId,
}: {
  value: { id: number; name: string } | undefined;
  onChange: (id: number, name: string) => void;
  label: string;
  testId: string;
}) {
  const { me } = useSession();
  const top = me.active?.org;
  const [nodes, setNodes] = useState<OrgNode[]>(() =>
    top ? [{ id: top.id, pId: null, value: top.id, title: top.name, isLeaf: false }] : [],
  );
  const loadChildren = async (id: number) => {
    const page = await orgsApi.children(id);
    const children = page.items
      .filter((o) => !partnerOrgTypes.includes(o.type))
      .map((o) => ({ id: o.id, pId: id, value: o.id, title: o.name, isLeaf: o.childCount === 0 }));
    setNodes((prev) => {
      const known = new Set(prev.map((n) => n.id));
      const next = prev.map((n) => (n.id === id && children.length === 0 ? { ...n, isLeaf: true } : n));
      return [...next, ...children.filter((c) => !known.has(c.id))];
    });
  };
  return (
    <TreeSelect<{ value: number; label: string }>
      aria-label={label}
      treeDataSimpleMode
      treeData={nodes}
      labelInValue
      value={value ? { value: value.id, label: value.name } : undefined}
      onChange={(v) => {
        if (v) onChange(v.value, String(v.label ?? ''));
      }}
      loadData={(node) => loadChildren(Number(node.value))}
      popupMatchSelectWidth={false}
      style={{ minWidth: 220 }}
      data-testid={testId}
    />
  );
}
