import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN, passwordHasTwoKinds, passwordRuleMessage } from './rules.ts';

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
