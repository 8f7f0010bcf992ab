import { z } from 'zod';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The types an upload may have, decided from the bytes (never from the name or the client's claim),
 * with the file-name extensions each one may carry; the first is the one added when a name lacks it.
 */
export const allowedFileTypes = {
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  [XLSX_MIME]: ['xlsx'],
  [DOCX_MIME]: ['docx'],
} as const satisfies Record<string, readonly [string, ...string[]]>;
export type AllowedMime = keyof typeof allowedFileTypes;

/** For an `<input type="file" accept>` on the web. */
export const fileAccept = Object.values(allowedFileTypes)
  .flat()
  .map((ext) => `.${ext}`)
  .join(',');

/** The record a file is attached to: a registered entity kind and that record's id. */
export const ZFileOwner = z.object({
  entityType: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.]{1,40}$/, '记录类型格式不正确'),
  entityId: z.string().trim().min(1, '请指定记录编号').max(64, '记录编号过长'),
});
export type TFileOwner = z.infer<typeof ZFileOwner>;

/** `POST /files?entityType=&entityId=` — the file itself is the multipart field `file`. */
export const ZUploadFileQuery = ZFileOwner;
/** `GET /files?entityType=&entityId=` — the files attached to one record. */
export const ZListFilesQuery = ZFileOwner;
export type TListFilesQuery = z.infer<typeof ZListFilesQuery>;

export const ZFileIdParam = z.object({ id: z.uuid('文件编号格式不正确') });

export const ZFile = z.object({
  id: z.uuid(),
  entityType: z.string(),
  entityId: z.string(),
  /** The uploader's file name, cleaned, with an extension that matches `mime`. */
  originalName: z.string(),
  /** Detected from the content. */
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string().describe('hex SHA-256 of the content'),
  uploadedBy: z.object({ id: z.number().int(), displayName: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
});
export type TFile = z.infer<typeof ZFile>;

export const ZFileList = z.object({ items: z.array(ZFile) });
