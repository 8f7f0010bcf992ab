/**
 * Domain errors. Services throw these; one error handler (platform/http) maps them to
 * `{"error":{"code","message","details"}}` with the status. Messages are for the user, in Chinese.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface FieldIssue {
  field: string;
  message: string;
}

export const badRequest = (code: string, message: string, details?: FieldIssue[] | unknown) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = '请先登录', code = 'UNAUTHENTICATED') =>
  new AppError(401, code, message);
export const forbidden = (message = '您的角色无权执行此操作', code = 'FORBIDDEN') =>
  new AppError(403, code, message);
/** Also used for records outside the caller's subtree, so their existence is not revealed. */
export const notFound = (message = '记录不存在或无权查看', code = 'NOT_FOUND') =>
  new AppError(404, code, message);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
export const tooLarge = (message: string) => new AppError(413, 'PAYLOAD_TOO_LARGE', message);
/** Content whose type (checked from the bytes) is not accepted. */
export const unsupportedMediaType = (message: string, code = 'UNSUPPORTED_FILE_TYPE') =>
  new AppError(415, code, message);
export const tooMany = (code: string, message: string, details?: unknown) =>
  new AppError(429, code, message, details);

/** A single-field validation failure, shaped like the 400s zod produces. */
export const invalidField = (field: string, message: string) =>
  badRequest('VALIDATION_FAILED', message, [{ field, message }]);
