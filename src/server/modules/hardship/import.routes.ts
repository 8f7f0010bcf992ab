import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Excel 批量导入 (template, streamed import as a job, progress, error workbook) and 导出 of the filtered list. */
export const importRoutes: FastifyPluginAsyncZod = async () => {};
