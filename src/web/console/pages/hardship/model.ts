/**
 * Client-side helpers of the hardship pages: label lookup (Chinese from the shared contract,
 * English from `hardship.i18n.ts`), the lifecycle mirrored from
 * `server/modules/hardship/hardship.flow.ts`, ID-number checks and yuan ↔ fen.
 */
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../../shared/auth.ts';
import {
  type ArchiveState,
  applicationChannelLabels,
  archiveStateLabels,
  archiveStates,
  disabilityLabels,
  exitReasonLabels,
  type HardshipCategory,
  type HardshipCause,
  hardshipCategories,
  hardshipCategoryLabels,
  hardshipCauseLabels,
  hardshipCauses,
  healthLabels,
  housingTypeLabels,
  measureStatusLabels,
  sexLabels,
  type TArchive,
  type TArchiveListItem,
  workStatusLabels,
} from '../../../../shared/hardship.ts';
import { transferEventLabels } from '../../../../shared/hardship-transfer.ts';
import { formatFen } from '../../../shared/format.ts';

export type { ArchiveState, HardshipCategory, HardshipCause, TArchive, TArchiveListItem };
export { archiveStates, hardshipCategories, hardshipCauses };

export const hardshipKey = ['hardship'] as const;
export const archiveKey = (id: number) => [...hardshipKey, 'archive', id] as const;

export interface ArchivePage {
  items: TArchiveListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export const isState = (v: string | null): v is ArchiveState =>
  v !== null && (archiveStates as readonly string[]).includes(v);
export const isCategory = (v: string | null): v is HardshipCategory =>
  v !== null && (hardshipCategories as readonly string[]).includes(v);
export const isCause = (v: string | null): v is HardshipCause =>
  v !== null && (hardshipCauses as readonly string[]).includes(v);

// ---------------------------------------------------------------- lifecycle (mirror of hardship.flow.ts)

export type ArchiveEvent =
  | 'accept'
  | 'submit'
  | 'pass'
  | 'publicize'
  | 'approve'
  | 'reject'
  | 'exit'
  | 'reenter';

const eventLabelsZh: Record<ArchiveEvent | 'create' | 'import', string> = {
  accept: '受理',
  submit: '入户核查完成，提交审核',
  pass: '审核通过',
  publicize: '开始公示',
  approve: '审批建档',
  reject: '驳回',
  exit: '脱困解档',
  reenter: '返困重新申请',
  create: '提交建档申请',
  // Excel 批量导入 (import.service.ts): the archive came in already on file.
  import: '批量导入建档',
  // 档案移交 steps recorded on the archive's timeline (transfer.service.ts).
  ...transferEventLabels,
};

const transitions: { from: ArchiveState[]; event: ArchiveEvent; roles: Role[] }[] = [
  { from: ['applied'], event: 'accept', roles: ['cadre', 'admin'] },
  { from: ['accepted'], event: 'submit', roles: ['cadre', 'admin'] },
  { from: ['reviewing'], event: 'pass', roles: ['reviewer', 'admin'] },
  { from: ['reviewed'], event: 'publicize', roles: ['cadre', 'admin'] },
  { from: ['publicizing'], event: 'approve', roles: ['reviewer', 'admin'] },
  { from: ['applied', 'accepted'], event: 'reject', roles: ['cadre', 'reviewer', 'admin'] },
  { from: ['reviewing', 'reviewed', 'publicizing'], event: 'reject', roles: ['reviewer', 'admin'] },
  { from: ['filed'], event: 'exit', roles: ['cadre', 'admin'] },
  { from: ['exited'], event: 'reenter', roles: ['cadre', 'admin'] },
];

/** The steps the flow offers in this state to this role (the server checks again). */
export function eventsFor(state: ArchiveState, role: Role | undefined): ArchiveEvent[] {
  if (!role) return [];
  const out: ArchiveEvent[] = [];
  for (const t of transitions) {
    if (t.from.includes(state) && t.roles.includes(role) && !out.includes(t.event)) out.push(t.event);
  }
  // Forward steps first, reject last.
  return out.sort((a, b) => Number(a === 'reject') - Number(b === 'reject'));
}

/** Live archives: editable, helper changeable (server: `activeStates`). */
export const isLive = (state: ArchiveState) => state !== 'rejected' && state !== 'exited';
/** Home visits belong to verification (server: `allowInStates('hardship.visit', …)`). */
export const canVisitIn = (state: ArchiveState) => state === 'accepted' || state === 'reviewing';

export const stateColor: Record<ArchiveState, string> = {
  applied: 'blue',
  accepted: 'cyan',
  reviewing: 'gold',
  reviewed: 'lime',
  publicizing: 'purple',
  filed: 'green',
  rejected: 'red',
  exited: 'default',
};
export const categoryColor: Record<HardshipCategory, string> = {
  deep: 'red',
  relative: 'orange',
  accident: 'volcano',
};

// ---------------------------------------------------------------- labels

type Maps = {
  state: Record<string, string>;
  event: Record<string, string>;
  sex: Record<string, string>;
  health: Record<string, string>;
  disability: Record<string, string>;
  work: Record<string, string>;
  cause: Record<string, string>;
  category: Record<string, string>;
  housing: Record<string, string>;
  measure: Record<string, string>;
  exit: Record<string, string>;
  channel: Record<string, string>;
};

const zh: Maps = {
  state: archiveStateLabels,
  event: eventLabelsZh,
  sex: sexLabels,
  health: healthLabels,
  disability: disabilityLabels,
  work: workStatusLabels,
  cause: hardshipCauseLabels,
  category: hardshipCategoryLabels,
  housing: housingTypeLabels,
  measure: measureStatusLabels,
  exit: exitReasonLabels,
  channel: applicationChannelLabels,
};

/** `label('cause', 'laidOff')` → 下岗失业 / Laid off. Unknown values show as they are. */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  return (kind: keyof Maps, value: string | null | undefined): string => {
    if (value == null) return '—';
    if (english) return t(`hardship.enum.${kind}.${value}`, { defaultValue: zh[kind][value] ?? value });
    return zh[kind][value] ?? value;
  };
}

// ---------------------------------------------------------------- money

/** Yuan (as typed, ≤ 2 decimals) to integer fen. */
export const toFen = (yuan: number | null | undefined) => Math.round((yuan ?? 0) * 100);
export const toYuan = (fen: number | null | undefined) => (fen == null ? null : fen / 100);
export const fenText = formatFen;

/** Today in China Standard Time as YYYY-MM-DD (the server checks dates against it). */
export const todayCst = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
