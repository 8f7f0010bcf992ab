import { z } from 'zod';

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

/** Mainland mobile number: 11 digits starting 1[3-9]. */
export const mobilePattern = /^1[3-9]\d{9}$/;

export const ZPassword = z
  .string()
  .min(8, '密码至少 8 位')
  .max(128, '密码最多 128 位')
  .refine((p) => [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length >= 2, {
    message: '密码需包含字母、数字、符号中的至少两类',
  });
