import { z } from 'zod';
import {
  mobilePattern,
  PASSWORD_MAX,
  PASSWORD_MIN,
  passwordHasTwoKinds,
  passwordRuleMessage,
} from './rules.ts';

/** The one error shape every endpoint returns. */
export const ZApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type TApiError = z.infer<typeof ZApiError>;

export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TPageQuery = z.infer<typeof ZPageQuery>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

export const ZIdParam = z.object({ id: z.coerce.number().int().positive() });

export const ZOk = z.object({ ok: z.literal(true) });

export { mobilePattern } from './rules.ts';

export const ZPassword = z
  .string()
  .min(PASSWORD_MIN, `密码至少 ${PASSWORD_MIN} 位`)
  .max(PASSWORD_MAX, `密码最多 ${PASSWORD_MAX} 位`)
  .refine(passwordHasTwoKinds, { message: passwordRuleMessage });

// ---------------------------------------------------------------- field types the contracts share

/** A row id from a path or query (coerced) within PostgreSQL's integer. */
export const ZIntId = z.coerce.number().int().positive().max(2_147_483_647);
/** Money in fen (分): exact integers, never floats. */
export const ZFen = z
  .number()
  .int('金额以分为单位，应为整数')
  .min(0, '金额不能为负')
  .max(2_000_000_000, '金额过大');
/** Free text, trimmed, at most `max` characters. */
export const ZText = (max: number) => z.string().trim().max(max, `最多 ${max} 个字`);
/** A calendar day, `YYYY-MM-DD`. */
export const ZDate = z.iso.date('日期格式应为 YYYY-MM-DD');
/** An instant with its offset. */
export const ZDateTime = z.iso.datetime({ offset: true, message: '时间格式不正确' });
/** A mainland mobile number. */
export const ZMobile = z.string().trim().regex(mobilePattern, '请输入正确的 11 位手机号');
/** An org as responses name it. */
export const ZOrgRef = z.object({ id: z.number().int(), name: z.string() });
