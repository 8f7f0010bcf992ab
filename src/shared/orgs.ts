import { z } from 'zod';

import { type OrgType, orgTypeLabels, orgTypes, partnerOrgTypes } from './rules.ts';

export { type OrgType, orgTypeLabels, orgTypes, partnerOrgTypes };

export const orgStates = ['active', 'inactive'] as const;
export type OrgState = (typeof orgStates)[number];

export const ZOrg = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  type: z.enum(orgTypes),
  name: z.string(),
  regionCode: z.string().nullable(),
  path: z.string(),
  depth: z.number().int(),
  state: z.enum(orgStates),
  childCount: z.number().int().optional(),
});
export type TOrg = z.infer<typeof ZOrg>;

const ZOrgName = z.string().trim().min(2, '名称至少 2 个字').max(60, '名称最多 60 个字');
const ZRegionCode = z
  .string()
  .regex(/^\d{6}$/, '行政区划代码为 6 位数字')
  .nullable()
  .optional();

export const ZCreateOrgInput = z.object({
  parentId: z.number().int().positive(),
  type: z.enum(orgTypes),
  name: ZOrgName,
  regionCode: ZRegionCode,
});
export type TCreateOrgInput = z.infer<typeof ZCreateOrgInput>;

export const ZUpdateOrgInput = z.object({ name: ZOrgName.optional(), regionCode: ZRegionCode });
export type TUpdateOrgInput = z.infer<typeof ZUpdateOrgInput>;

export const ZMoveOrgInput = z.object({ parentId: z.number().int().positive() });

export const ZOrgStateInput = z.object({ note: z.string().trim().max(500).optional() });

export const ZListOrgsQuery = z.object({
  /** Root of the listing; defaults to the caller's org. */
  rootId: z.coerce.number().int().positive().optional(),
  /** Only direct children of rootId instead of the whole subtree. */
  childrenOnly: z.enum(['0', '1']).optional(),
  q: z.string().trim().max(60).optional(),
  type: z.enum(orgTypes).optional(),
  state: z.enum(orgStates).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type TListOrgsQuery = z.infer<typeof ZListOrgsQuery>;
