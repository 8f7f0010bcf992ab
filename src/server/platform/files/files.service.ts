import { createHash, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import {
  type AllowedMime,
  allowedFileTypes,
  DOCX_MIME,
  type TFile,
  type TFileOwner,
  XLSX_MIME,
} from '../../../shared/files.ts';
import { authorize, requireActor } from '../access/access.ts';
import { type EntityKind, type EntityScope, entityKind } from '../access/entities.ts';
import { recordAudit } from '../audit/audit.ts';
import { users } from '../auth/auth.table.ts';
import { type Ctx, type Deps, withTx } from '../context.ts';
import { AppError, badRequest, notFound, tooLarge, unsupportedMediaType } from '../errors.ts';
import { registerOrgPathCopy } from '../orgs/orgs.service.ts';
import { files } from './files.table.ts';

// A file sits where its record sits: moving an org re-paths the files copied from it.
registerOrgPathCopy('files', 'org_path');

type FileRow = typeof files.$inferSelect;

export interface UploadFileInput extends TFileOwner {
  buffer: Buffer;
  /** The name the uploader gave; only used for display and the download name. */
  filename: string;
}

/** An opened stored file, ready to be streamed. */
export interface OpenedFile {
  file: TFile;
  /** Bytes on disk (what will be streamed). */
  length: number;
  stream: ReadStream;
}

const toFile = (r: FileRow, uploader: { id: number; displayName: string } | null): TFile => ({
  id: r.id,
  entityType: r.entityType,
  entityId: r.entityId,
  originalName: r.originalName,
  mime: r.mime,
  size: r.size,
  sha256: r.sha256,
  uploadedBy: uploader,
  createdAt: r.createdAt.toISOString(),
});

/** Where stored files live: DATA_DIR/files. */
export const filesRoot = (deps: Deps) => path.join(deps.config.dataDir, 'files');
const filesDir = (ctx: Ctx) => filesRoot(ctx.deps);
const STORAGE_KEY = /^\d{4}\/\d{2}\/[0-9a-f-]{36}$/;

function kindOf(entityType: string): EntityKind {
  const kind = entityKind(entityType);
  if (!kind) {
    throw badRequest('UNKNOWN_ENTITY_TYPE', `不支持为“${entityType}”类型的记录上传附件`, [
      { field: 'entityType', message: '未知的记录类型' },
    ]);
  }
  return kind;
}

/** The owning record, checked for `action`: 404 when missing or outside the subtree, 403 for the role. */
async function loadOwner(ctx: Ctx, owner: TFileOwner, use: 'view' | 'attach') {
  const actor = requireActor(ctx);
  const kind = kindOf(owner.entityType);
  const scope = await kind.load(ctx.db, owner.entityId);
  if (!scope) throw notFound(`${kind.label}不存在或无权查看`);
  // An outside party holding the record (a donor's own claim) is let through by the kind itself.
  if (!(await kind.heldBy?.(ctx.db, owner.entityId, actor.userId, use))) {
    authorize(ctx, use === 'attach' ? kind.attachAction : kind.viewAction, scope);
  }
  return { kind, scope };
}

/** The one rule for reading a file: whoever may view the record it belongs to. */
async function loadReadableFile(ctx: Ctx, id: string): Promise<{ row: FileRow; scope: EntityScope }> {
  requireActor(ctx);
  const [row] = await ctx.db.select().from(files).where(eq(files.id, id));
  if (!row) throw notFound('文件不存在或无权查看');
  const kind = entityKind(row.entityType);
  const scope = kind ? await kind.load(ctx.db, row.entityId) : null;
  // A file whose record is gone is as good as gone: nobody can be checked against it.
  if (!kind || !scope) throw notFound('文件不存在或无权查看');
  const actor = requireActor(ctx);
  if (!(await kind.heldBy?.(ctx.db, row.entityId, actor.userId, 'view')))
    authorize(ctx, kind.viewAction, scope);
  return { row, scope };
}

async function uploaderOf(ctx: Ctx, userId: number) {
  const [u] = await ctx.db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, userId));
  return u ?? null;
}

/** Zip entry names from the central directory (enough to tell an Office document from any zip). */
export function zipEntryNames(buf: Buffer): string[] | null {
  const EOCD = 0x06054b50;
  const CDH = 0x02014b50;
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CDH) return null;
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLen > buf.length) return null;
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/**
 * file-type reads `[Content_Types].xml` to name an Office document, and says plain `application/zip`
 * when it cannot (an entry it will not inflate, single-quoted XML …). Then the package's parts
 * decide: the content-types part plus the workbook or the document part, and no macros.
 */
function officeTypeOfZip(buf: Buffer): AllowedMime | undefined {
  const names = zipEntryNames(buf);
  if (!names?.includes('[Content_Types].xml')) return undefined;
  if (names.some((n) => n.toLowerCase().endsWith('vbaproject.bin'))) return undefined;
  const xlsx = names.includes('xl/workbook.xml');
  const docx = names.includes('word/document.xml');
  if (xlsx === docx) return undefined;
  return xlsx ? XLSX_MIME : DOCX_MIME;
}

/** The type of the content if it is on the allow-list, else undefined. */
export async function detectAllowedType(buf: Buffer): Promise<AllowedMime | undefined> {
  const detected = await fileTypeFromBuffer(buf);
  if (!detected) return undefined;
  if (detected.mime === 'application/zip') return officeTypeOfZip(buf);
  return Object.hasOwn(allowedFileTypes, detected.mime) ? (detected.mime as AllowedMime) : undefined;
}

// Control characters and bidi overrides (which can disguise `gpj.exe` as `exe.jpg`).
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const UNSAFE_CHARS = /[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const KNOWN_EXTS = new Set<string>(Object.values(allowedFileTypes).flat());

/** The uploader's name made safe to show and to download as, with an extension matching the content. */
export function cleanFileName(name: string, mime: AllowedMime): string {
  const exts: readonly string[] = allowedFileTypes[mime];
  let base = (name.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    .replace(UNSAFE_CHARS, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1) : '';
  if (exts.includes(ext.toLowerCase())) return truncate(base.slice(0, dot), ext);
  // A known extension that lies about the content is replaced; anything else is kept and added to.
  if (KNOWN_EXTS.has(ext.toLowerCase())) base = base.slice(0, dot);
  return truncate(base, exts[0] ?? 'bin');
}

function truncate(stem: string, ext: string): string {
  const chars = [...stem.trim()];
  const kept = chars.length > 100 ? chars.slice(0, 100).join('') : chars.join('');
  return `${kept || '未命名'}.${ext}`;
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 100) / 100} MB`;

/** The 413 for a file over the configured limit (also used by the route that reads the upload). */
export const fileTooLarge = (ctx: Ctx) =>
  tooLarge(`文件不能超过 ${mb(ctx.deps.config.uploadMaxBytes)}，请压缩或拆分后再上传`);

/** Where a new file goes, relative to DATA_DIR/files: YYYY/MM (China time) / id. */
/** A stored file's key under `filesRoot`: YYYY/MM (China time) / id. */
export function storageKeyFor(id: string, now = new Date()): string {
  const cst = new Date(now.getTime() + 8 * 3_600_000).toISOString();
  return `${cst.slice(0, 4)}/${cst.slice(5, 7)}/${id}`;
}

/** Write the bytes under a temporary name, flush, then rename, so a stored file is always complete. */
async function writeAtomically(target: string, buf: Buffer): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true, mode: 0o750 });
  const temp = `${target}.part`;
  const handle = await open(temp, 'wx', 0o640);
  try {
    await handle.writeFile(buf);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw err;
  }
  await handle.close();
  await rename(temp, target);
}

/**
 * Attach a file to a record: the caller needs the record kind's attach action. The type is taken
 * from the content and must be on the allow-list; the bytes go to DATA_DIR/files/YYYY/MM/<id>
 * before the row and its audit entry are written together.
 */
export async function uploadFile(ctx: Ctx, input: UploadFileInput): Promise<TFile> {
  const actor = requireActor(ctx);
  const { scope } = await loadOwner(ctx, input, 'attach');
  const { buffer } = input;
  if (buffer.length === 0) throw badRequest('EMPTY_FILE', '文件是空的，请重新选择');
  if (buffer.length > ctx.deps.config.uploadMaxBytes) throw fileTooLarge(ctx);
  const mime = await detectAllowedType(buffer);
  if (!mime) {
    throw unsupportedMediaType('只能上传 JPG、PNG、WebP 图片或 PDF、Excel(.xlsx)、Word(.docx) 文件');
  }
  const id = randomUUID();
  const storageKey = storageKeyFor(id);
  const target = path.join(filesDir(ctx), storageKey);
  const sha256 = createHash('sha256').update(buffer).digest('hex');
  const originalName = cleanFileName(input.filename, mime);
  await writeAtomically(target, buffer);
  try {
    const row = await ctx.deps.database.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(files)
        .values({
          id,
          entityType: input.entityType,
          entityId: input.entityId,
          orgId: scope.orgId,
          orgPath: scope.orgPath,
          originalName,
          mime,
          size: buffer.length,
          sha256,
          storageKey,
          uploadedBy: actor.userId,
        })
        .returning();
      if (!inserted) throw new Error('insert returned nothing');
      await recordAudit(withTx(ctx, tx), {
        action: 'file.upload',
        entityType: 'file',
        entityId: id,
        orgId: scope.orgId,
        orgPath: scope.orgPath,
        detail: {
          entityType: input.entityType,
          entityId: input.entityId,
          name: originalName,
          size: buffer.length,
          mime,
          sha256,
        },
      });
      return inserted;
    });
    return toFile(row, { id: actor.userId, displayName: actor.displayName });
  } catch (err) {
    // No row points at these bytes; do not leave them behind.
    await unlink(target).catch(() => {});
    throw err;
  }
}

/** The files attached to one record, oldest first; needs the record kind's view action. */
export async function listFiles(ctx: Ctx, owner: TFileOwner): Promise<TFile[]> {
  await loadOwner(ctx, owner, 'view');
  const rows = await ctx.db
    .select({ file: files, uploader: { id: users.id, displayName: users.displayName } })
    .from(files)
    .leftJoin(users, eq(users.id, files.uploadedBy))
    .where(and(eq(files.entityType, owner.entityType), eq(files.entityId, owner.entityId)))
    .orderBy(asc(files.createdAt), asc(files.id));
  return rows.map((r) => toFile(r.file, r.uploader));
}

/** One file's details, for whoever may view its record. */
export async function getFileMeta(ctx: Ctx, id: string): Promise<TFile> {
  const { row } = await loadReadableFile(ctx, id);
  return toFile(row, await uploaderOf(ctx, row.uploadedBy));
}

/** Open a file's bytes for download, for whoever may view its record; the download is audited. */
export async function openFile(ctx: Ctx, id: string): Promise<OpenedFile> {
  const { row, scope } = await loadReadableFile(ctx, id);
  const file = toFile(row, await uploaderOf(ctx, row.uploadedBy));
  if (!STORAGE_KEY.test(row.storageKey)) throw new Error(`bad storage key for file ${row.id}`);
  const handle = await open(path.join(filesDir(ctx), row.storageKey), 'r').catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    ctx.deps.log.error({ fileId: row.id, storageKey: row.storageKey }, 'stored file is missing');
    throw new AppError(404, 'FILE_CONTENT_MISSING', '文件内容已丢失，请联系管理员');
  });
  try {
    const { size: length } = await handle.stat();
    await recordAudit(ctx, {
      action: 'file.download',
      entityType: 'file',
      entityId: row.id,
      orgId: scope.orgId,
      orgPath: scope.orgPath,
      detail: { entityType: row.entityType, entityId: row.entityId, name: row.originalName },
    });
    return { file, length, stream: handle.createReadStream() };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
