import { z } from 'zod';
import { ZMobile, ZPassword } from './common.ts';
import { orgTypes } from './orgs.ts';

export { type Role, roles } from './rules.ts';

import { type Role, roles } from './rules.ts';

export const roleLabels: Record<Role, string> = {
  admin: '管理员',
  cadre: '工会干部',
  reviewer: '审核员',
  representative: '会员代表',
  worker: '职工',
  donor: '爱心人士',
  partner: '合作单位',
  auditor: '审计员',
};

export const ZLoginInput = z.object({
  username: z.string().trim().min(1, '请输入账号').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});
export type TLoginInput = z.infer<typeof ZLoginInput>;

export const ZMembership = z.object({
  id: z.number().int(),
  role: z.enum(roles),
  org: z.object({ id: z.number().int(), name: z.string(), type: z.enum(orgTypes), path: z.string() }),
});
export type TMembership = z.infer<typeof ZMembership>;

export const ZMe = z.object({
  user: z.object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    phone: z.string().nullable().describe('masked, e.g. 138****5678'),
    mustChangePassword: z.boolean(),
  }),
  memberships: z.array(ZMembership),
  /** The membership the session acts in. */
  active: ZMembership.nullable(),
  /** Actions the active role may perform (within its org subtree), e.g. `user.create`. */
  permissions: z.array(z.string()),
  csrfToken: z.string().describe('send as the x-csrf-token header on every write'),
});
export type TMe = z.infer<typeof ZMe>;

/** What a page asks on load: the signed-in user, or null (no error, so the browser logs nothing). */
export const ZSessionState = z.object({ me: ZMe.nullable() });
export type TSessionState = z.infer<typeof ZSessionState>;

export const ZSwitchMembershipInput = z.object({ membershipId: z.number().int().positive() });

export const ZChangePasswordInput = z.object({
  oldPassword: z.string().min(1, '请输入原密码'),
  newPassword: ZPassword,
});

export const ZSendCodeInput = z.object({ mobile: ZMobile, purpose: z.enum(['register']) });

/** What a donor registering says of themselves: a person (爱心人士) or an enterprise (爱心企业, named). */
export const ZDonorRegistration = z
  .object({
    kind: z.enum(['person', 'enterprise'], '请选择爱心人士或爱心企业'),
    enterpriseName: z.string().trim().max(80, '最多 80 个字').nullable().optional(),
  })
  .superRefine((d, ctx) => {
    if (d.kind === 'enterprise' && !d.enterpriseName) {
      ctx.addIssue({ code: 'custom', path: ['enterpriseName'], message: '请填写企业名称' });
    }
  });
export type TDonorRegistration = z.infer<typeof ZDonorRegistration>;

export const ZRegisterInput = z.object({
  mobile: ZMobile,
  code: z.string().regex(/^\d{6}$/, '验证码为 6 位数字'),
  password: ZPassword,
  displayName: z.string().trim().min(1, '请输入姓名').max(40),
  /** Self-registration is open to workers and donors only. */
  role: z.enum(['worker', 'donor']),
  /** The union the worker belongs to, or the union whose community a donor joins. */
  orgId: z.number().int().positive(),
  /** For role `donor`: person or enterprise (default person); ignored for workers. */
  donor: ZDonorRegistration.optional(),
});
export type TRegisterInput = z.infer<typeof ZRegisterInput>;
