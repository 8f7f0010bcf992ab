import { useQuery } from '@tanstack/react-query';
import type { TAppeal, TAppealSummary } from '../../../../shared/appeals.ts';
import type { TMe } from '../../../../shared/auth.ts';
import type {
  TCongress,
  TContactThread,
  TProposal,
  TProposalProgress,
  TProposalSummary,
  TRepresentative,
} from '../../../../shared/proposals.ts';
import { ApiError, api } from '../../../shared/api.ts';

/**
 * 云履职 and 职工事大家议 on the H5: the endpoints under /api/v1/proposals. Types only from
 * src/shared/proposals.ts and appeals.ts (a value import would bring zod into the H5).
 */
export const base = '/api/v1/proposals';

export type ProposalState = TProposal['state'];
export type ProposalCategory = TProposal['category'];
export type AppealState = TAppeal['state'];
export type Satisfaction = NonNullable<TProposal['satisfaction']>;
export type RepSector = TRepresentative['sector'];

export const categories: ProposalCategory[] = [
  'employment',
  'wages',
  'rights',
  'safety',
  'children',
  'training',
  'welfare',
  'culture',
  'democracy',
  'other',
];
export const satisfactions: Satisfaction[] = ['satisfied', 'basically', 'unsatisfied'];

type Listed<T> = { items: T[] } | T[];
const itemsOf = <T>(r: Listed<T>): T[] => (Array.isArray(r) ? r : r.items);

/** Members of a union: workers and representatives (the roles these pages are for). */
export const isMember = (me: TMe | null) =>
  me?.active?.role === 'worker' || me?.active?.role === 'representative';
export const isRepresentative = (me: TMe | null) => me?.active?.role === 'representative';

/** The congresses of the member's unions; the nearest active one is the member's congress. */
export function useCongresses() {
  return useQuery({
    queryKey: ['proposals', 'congresses'],
    queryFn: async () => itemsOf(await api.get<Listed<TCongress>>(`${base}/congresses`)),
    staleTime: 60_000,
  });
}

/** The active congress to show: of the member's unions, the one with most representatives' own org id. */
export function pickCongress(list: TCongress[] | undefined, orgPath: string | undefined): TCongress | null {
  if (!list?.length) return null;
  const active = list.filter((c) => c.state === 'active');
  const pool = active.length ? active : list;
  // Nearest union first: the deepest org on the member's own path.
  const chain = (orgPath ?? '').split('.').map(Number);
  const depth = (c: TCongress) => chain.indexOf(c.org.id);
  return [...pool].sort((a, b) => depth(b) - depth(a))[0] ?? null;
}

export function useMySeats(enabled: boolean) {
  return useQuery({
    queryKey: ['proposals', 'seats'],
    queryFn: async () => itemsOf(await api.get<Listed<TRepresentative>>(`${base}/representatives/me`)),
    enabled,
    staleTime: 60_000,
  });
}

export function useRepresentatives(congressId: number | undefined, q = '') {
  return useQuery({
    queryKey: ['proposals', 'reps', congressId, q],
    queryFn: () =>
      api.get<{ items: TRepresentative[]; total: number }>(`${base}/representatives`, {
        congressId,
        active: 'true',
        pageSize: 100,
        ...(q.trim() ? { q: q.trim() } : {}),
      }),
    enabled: !!congressId,
    staleTime: 60_000,
  });
}

export function useRepresentative(id: number) {
  return useQuery({
    queryKey: ['proposals', 'rep', id],
    queryFn: () => api.get<TRepresentative>(`${base}/representatives/${id}`),
    enabled: id > 0,
    staleTime: 60_000,
  });
}

export type ProposalScope = 'mine' | 'cosign' | 'all';

export function useProposals(scope: ProposalScope, congressId?: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['proposals', 'list', scope, congressId],
    queryFn: () =>
      api.get<{ items: TProposalSummary[]; total: number }>(`${base}/proposals`, {
        scope,
        pageSize: 100,
        ...(congressId ? { congressId } : {}),
      }),
    staleTime: 10_000,
  });
}

/**
 * One proposal: the full record (with `can`) for those who act on it, else the members' progress page
 * (same fields, no actions).
 */
export type ProposalView = TProposalProgress & {
  can: TProposal['can'] | null;
  sourceAppeal?: TProposal['sourceAppeal'];
};
export const proposalKey = (id: number) => ['proposals', 'one', id] as const;

export function useProposal(id: number) {
  return useQuery({
    queryKey: proposalKey(id),
    enabled: id > 0,
    staleTime: 5_000,
    queryFn: async (): Promise<ProposalView> => {
      try {
        return await api.get<TProposal>(`${base}/proposals/${id}`);
      } catch (e) {
        if (!(e instanceof ApiError) || (e.status !== 403 && e.status !== 404)) throw e;
        const progress = await api.get<TProposalProgress>(`${base}/proposals/${id}/progress`);
        return { ...progress, can: null };
      }
    },
  });
}

export type AppealScope = 'all' | 'mine';

export function useAppeals(scope: AppealScope, sort: 'latest' | 'support') {
  return useQuery({
    queryKey: ['proposals', 'appeals', scope, sort],
    queryFn: () =>
      api.get<{ items: TAppealSummary[]; total: number }>(`${base}/appeals`, { scope, sort, pageSize: 100 }),
    staleTime: 10_000,
  });
}

export const appealKey = (id: number) => ['proposals', 'appeal', id] as const;
export function useAppeal(id: number) {
  return useQuery({
    queryKey: appealKey(id),
    queryFn: () => api.get<TAppeal>(`${base}/appeals/${id}`),
    enabled: id > 0,
    staleTime: 5_000,
  });
}

export function useThreads() {
  return useQuery({
    queryKey: ['proposals', 'threads'],
    queryFn: () =>
      api.get<{ items: (Omit<TContactThread, 'messages'> & { lastMessage: string })[]; total: number }>(
        `${base}/contact/threads`,
        { scope: 'mine', pageSize: 100 },
      ),
    staleTime: 10_000,
  });
}

export const threadKey = (id: number) => ['proposals', 'thread', id] as const;
export function useThread(id: number) {
  return useQuery({
    queryKey: threadKey(id),
    queryFn: () => api.get<TContactThread>(`${base}/contact/threads/${id}`),
    enabled: id > 0,
    staleTime: 5_000,
    refetchInterval: 30_000,
  });
}

/** Chip tone of a proposal state. */
export function proposalTone(state: ProposalState): string {
  if (state === 'closed') return 'is-done';
  if (state === 'withdrawn') return 'is-off';
  if (state === 'draft' || state === 'returned') return 'is-pending';
  if (state === 'cosigning' || state === 'submitted') return 'is-dispatched';
  return 'is-active';
}

export function appealTone(state: AppealState): string {
  if (state === 'closed') return 'is-done';
  if (state === 'withdrawn' || state === 'merged') return 'is-off';
  if (state === 'open') return 'is-pending';
  if (state === 'to_proposal' || state === 'referred') return 'is-dispatched';
  return 'is-active';
}

/** The proposer may start co-signing on a draft (the server decides; `can.openCosign`). */
export const canOpenCosign = (p: Pick<ProposalView, 'can'>) => !!p.can?.openCosign;

/** Signed co-signers against the threshold, e.g. 1 / 2. */
export function cosignProgress(p: Pick<ProposalView, 'cosigners' | 'cosignThreshold'>) {
  const signed = p.cosigners.filter((c) => c.state === 'signed').length;
  return { signed, threshold: p.cosignThreshold, enough: signed >= p.cosignThreshold };
}

// ---------------------------------------------------------------- attachments (platform files)

/** A file attached to a record through platform/files (`/api/v1/files?entityType=&entityId=`). */
export type FileRow = { id: string; mime: string; originalName: string; size?: number };

import { FILE_MAX_BYTES } from '../../uploads.ts';

export { FILE_MAX_BYTES, PHOTO_MAX_BYTES, photoProblem, photoTypes } from '../../uploads.ts';

export const fileUrl = (fileId: string) => `/api/v1/files/${fileId}`;
export const photoUrl = fileUrl;

export const entityFilesKey = (entityType: string, id: number) =>
  ['proposals', entityType, id, 'files'] as const;

/** The files attached to one record (the platform answers 404 to those who may not see it). */
export function useEntityFiles(entityType: string, id: number) {
  return useQuery({
    queryKey: entityFilesKey(entityType, id),
    queryFn: async () => {
      const res = await api.get<Listed<FileRow>>('/api/v1/files', { entityType, entityId: String(id) });
      return itemsOf(res);
    },
    enabled: id > 0,
    staleTime: 10_000,
  });
}

/** Attach one file to a record through platform/files (the server checks the right and the bytes). */
export async function uploadEntityFile(entityType: string, id: number, file: File): Promise<FileRow> {
  const form = new FormData();
  form.append('file', file);
  return api.upload<FileRow>(`/api/v1/files?entityType=${entityType}&entityId=${id}`, form);
}

// ---------------------------------------------------------------- appeal photos

/** An appeal carries at most this many of the author's photos. */
export const MAX_APPEAL_PHOTOS = 3;
/** The appeal's photos: images on `proposals.appeal`, not the files the handler attached to its reply. */
export function appealPhotos<T extends FileRow>(files: T[], replyFileIds: string[]): T[] {
  return files.filter((f) => f.mime.startsWith('image/') && !replyFileIds.includes(f.id));
}

export const appealPhotosKey = (id: number) => entityFilesKey('proposals.appeal', id);
export const useAppealPhotoFiles = (id: number) => useEntityFiles('proposals.appeal', id);

/** Attach one photo to the appeal through platform/files (the author, while it is 待分办). */
export const uploadAppealPhoto = (appealId: number, file: File) =>
  uploadEntityFile('proposals.appeal', appealId, file);

// ---------------------------------------------------------------- proposal attachments

/** A proposal carries at most this many of the proposer's own attachments. */
export const MAX_PROPOSAL_FILES = 9;
/**
 * The types platform/files takes (src/shared/files.ts allowedFileTypes), by MIME and by extension: a
 * phone often gives a Word or Excel file no MIME type at all.
 */
export const attachmentTypes = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];
export const attachmentExtensions = ['jpg', 'jpeg', 'png', 'webp', 'pdf', 'xlsx', 'docx'];
export const attachmentAccept = [...attachmentTypes, ...attachmentExtensions.map((e) => `.${e}`)].join(',');

/** The proposer may add attachments while the proposal is 草稿 / 联名中 / 退回修改 (the server's rule). */
export const attachableStates: ProposalState[] = ['draft', 'cosigning', 'returned'];

/** Why a picked file cannot be attached to a proposal, as an i18n key; null when it can. */
export function attachmentProblem(file: {
  name: string;
  type: string;
  size: number;
}): 'fileWrongType' | 'fileTooLarge' | null {
  const ext = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : '';
  if (!attachmentTypes.includes(file.type) && !attachmentExtensions.includes(ext)) return 'fileWrongType';
  if (file.size > FILE_MAX_BYTES) return 'fileTooLarge';
  return null;
}

/** The proposal's own attachments: files on `proposals.proposal` not referenced by a progress update or reply. */
export function proposalAttachments<T extends FileRow>(files: T[], updates: { fileIds: string[] }[]): T[] {
  const used = new Set(updates.flatMap((u) => u.fileIds));
  return files.filter((f) => !used.has(f.id));
}

export const proposalFilesKey = (id: number) => entityFilesKey('proposals.proposal', id);
export const useProposalFiles = (id: number) => useEntityFiles('proposals.proposal', id);
export const uploadProposalFile = (proposalId: number, file: File) =>
  uploadEntityFile('proposals.proposal', proposalId, file);

/** 1.2 MB, 350 KB: a file's size for the list. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
