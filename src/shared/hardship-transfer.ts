import { z } from 'zod';
import { pageOf, ZIntId, ZOrgRef, ZPageQuery, ZText } from './common.ts';
import { type ArchiveState, archiveStates } from './hardship.ts';

/**
 * 档案移交 (行走式数据链): contracts shared by the transfer routes and the console. A cadre of the
 * org holding an archive proposes moving it to another union anywhere on the platform; a cadre or
 * admin whose subtree holds the receiving union accepts or declines; the proposer may withdraw.
 */

export const transferStates = ['pending', 'accepted', 'declined', 'cancelled'] as const;
export type TransferState = (typeof transferStates)[number];
export const transferStateLabels: Record<TransferState, string> = {
  pending: '待接收',
  accepted: '已接收',
  declined: '未接收',
  cancelled: '已撤回',
};

/**
 * Archive states a transfer may be proposed (and accepted) in: a filed archive, or an application
 * not yet verified (the new union does the home visit). An application under review or in publicity
 * is decided where it was verified first; rejected and exited archives are not live.
 */
export const transferableStates = ['applied', 'accepted', 'filed'] as const satisfies readonly ArchiveState[];

/** Timeline events a transfer writes on the archive (beside the lifecycle steps). */
export const transferEventLabels = {
  transferPropose: '发起档案移交',
  transferAccept: '档案移交完成',
  transferDecline: '接收单位未接收移交',
  transferCancel: '撤回档案移交',
} as const;
export type TransferEvent = keyof typeof transferEventLabels;

export const ZProposeTransferInput = z.object({
  toOrgId: z.number().int().positive('请选择接收单位'),
  reason: ZText(500).min(1, '请填写移交原因'),
});
export type TProposeTransferInput = z.infer<typeof ZProposeTransferInput>;

/** Accept (note optional), decline (note required: the reason) or cancel (note optional). */
export const ZDecideTransferInput = z.object({ note: ZText(500).optional() });
export type TDecideTransferInput = z.infer<typeof ZDecideTransferInput>;

export const ZTransferIdParam = z.object({ id: ZIntId });

export const transferActions = ['accept', 'decline', 'cancel'] as const;
export type TransferAction = (typeof transferActions)[number];

export const ZTransfer = z.object({
  id: z.number().int(),
  archiveId: z.number().int(),
  /** Masked (`韦**`): the receiving union has not got the archive yet. */
  archiveName: z.string(),
  archiveState: z.enum(archiveStates),
  fromOrg: ZOrgRef,
  toOrg: ZOrgRef,
  state: z.enum(transferStates),
  reason: z.string(),
  requestedBy: z.string().nullable(),
  requestedAt: z.iso.datetime(),
  decidedBy: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionNote: z.string().nullable(),
  /** What the caller may do with it now (the server checks again). */
  actions: z.array(z.enum(transferActions)),
});
export type TTransfer = z.infer<typeof ZTransfer>;

export const ZTransferPage = pageOf(ZTransfer);
export type TTransferPage = z.infer<typeof ZTransferPage>;

export const ZListTransfersQuery = ZPageQuery.extend({
  /** incoming: to a union of the caller's subtree; outgoing: from one. */
  box: z.enum(['incoming', 'outgoing']).default('incoming'),
  state: z.enum(transferStates).optional(),
});
export type TListTransfersQuery = z.infer<typeof ZListTransfersQuery>;

export const ZTransferTargetsQuery = z.object({
  q: z.string().trim().max(60).optional(),
  /** Leave out the union that holds this archive now. */
  archiveId: ZIntId.optional(),
});

/** A union an archive may be transferred to: no more than its name and where it sits. */
export const ZTransferTarget = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Its ancestors' names, e.g. `广西壮族自治区总工会 / 百色市总工会`. */
  pathLabel: z.string(),
});
export type TTransferTarget = z.infer<typeof ZTransferTarget>;
