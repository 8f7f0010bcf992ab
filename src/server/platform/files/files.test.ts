import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Agent,
  buildOrg,
  buildScene,
  buildUser,
  createTestApp,
  loginAs,
  type TestApp,
} from '../../../../test/app.ts';
import { DOCX_MIME, type TFile, XLSX_MIME } from '../../../shared/files.ts';
import { auditLog } from '../audit/audit.table.ts';
import { writeSheet } from '../excel/excel.ts';
import { cleanFileName, detectAllowedType } from './files.service.ts';
import { files } from './files.table.ts';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** The smallest thing file-type calls a JPEG / WebP / PDF. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60)]);
const WEBP = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(40)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** A stored (uncompressed) zip, built by hand. */
function zip(entries: [name: string, content: string][]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content);
    const nameBuf = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const entry = Buffer.concat([local, nameBuf, data]);
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(20, 6);
    head.writeUInt32LE(crc, 16);
    head.writeUInt32LE(data.length, 20);
    head.writeUInt32LE(data.length, 24);
    head.writeUInt16LE(nameBuf.length, 28);
    head.writeUInt32LE(offset, 42);
    locals.push(entry);
    central.push(Buffer.concat([head, nameBuf]));
    offset += entry.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const contentTypes = (main: string, quote = '"') =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Override PartName=${quote}/word/document.xml${quote} ContentType=${quote}${main}${quote}/></Types>`;
const DOCX_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
const docx = (quote = '"', extra: [string, string][] = []) =>
  zip([
    ['[Content_Types].xml', contentTypes(DOCX_MAIN, quote)],
    ['_rels/.rels', '<Relationships/>'],
    ['word/document.xml', '<w:document/>'],
    ...extra,
  ]);

/** A multipart/form-data body with one file field, built by hand. */
function multipart(filename: string, content: Buffer, contentType = 'application/octet-stream') {
  const boundary = `----niangjia${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: TestApp;
let scene: Awaited<ReturnType<typeof buildScene>>;
let gxAdmin: Agent;
let shAdmin: Agent;
let cadre: Agent;
let worker: Agent;
let adminName: string;

async function upload(agent: Agent, owner: string, filename: string, content: Buffer, type?: string) {
  return agent.inject({
    method: 'POST',
    url: `/api/v1/files?${owner}`,
    ...multipart(filename, content, type),
  });
}
const orgOwner = (id: number) => `entityType=org&entityId=${id}`;

/** Every stored file under dataDir/files, as paths relative to it. */
function storedFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'files');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((p) => p.split(path.sep).join('/'))
    .filter((p) => /^\d{4}\/\d{2}\/[^/]+$/.test(p));
}

async function auditOf(action: string, entityId: string) {
  return t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));
}

beforeAll(async () => {
  t = await createTestApp();
  scene = await buildScene(t);
  adminName = '广西管理员';
  gxAdmin = await loginAs(t, await buildUser(t, { org: scene.gx, role: 'admin', displayName: adminName }));
  shAdmin = await loginAs(t, await buildUser(t, { org: scene.sh, role: 'admin' }));
  cadre = await loginAs(t, await buildUser(t, { org: scene.bs, role: 'cadre' }));
  worker = await loginAs(t, await buildUser(t, { org: scene.unionA, role: 'worker' }));
});
afterAll(async () => {
  await t.close();
});

describe('upload, list, download', () => {
  let uploaded: TFile;

  it('stores a PNG attached to an org, under dataDir/files/YYYY/MM, and audits it', async () => {
    const res = await upload(gxAdmin, orgOwner(scene.unionA.id), '困难证明.png', PNG, 'image/png');
    expect(res.statusCode).toBe(201);
    uploaded = res.json();
    expect(uploaded).toMatchObject({
      entityType: 'org',
      entityId: String(scene.unionA.id),
      originalName: '困难证明.png',
      mime: 'image/png',
      size: PNG.length,
      sha256: sha256(PNG),
      uploadedBy: { displayName: adminName },
    });
    expect(new Date(uploaded.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const [row] = await t.database.db.select().from(files).where(eq(files.id, uploaded.id));
    expect(row?.orgId).toBe(scene.unionA.id);
    expect(row?.orgPath).toBe(scene.unionA.path);
    expect(row?.storageKey).toMatch(new RegExp(`^\\d{4}/\\d{2}/${uploaded.id}$`));
    expect(storedFiles(t.dataDir)).toContain(row?.storageKey);
    expect(readdirSync(path.join(t.dataDir, 'files'), { recursive: true, encoding: 'utf8' })).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/\.part$/)]),
    );

    const [audit] = await auditOf('file.upload', uploaded.id);
    expect(audit).toMatchObject({
      entityType: 'file',
      orgId: scene.unionA.id,
      orgPath: scene.unionA.path,
      result: 'success',
      detail: {
        entityType: 'org',
        entityId: String(scene.unionA.id),
        name: '困难证明.png',
        size: PNG.length,
      },
    });
  });

  it('lists the record’s files and shows one file’s details', async () => {
    const list = await gxAdmin.get(`/api/v1/files?${orgOwner(scene.unionA.id)}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([uploaded]);
    const meta = await cadre.get(`/api/v1/files/${uploaded.id}/meta`);
    expect(meta.statusCode).toBe(200);
    expect(meta.json()).toEqual(uploaded);
  });

  it('downloads the identical bytes with safe headers, and audits the download', async () => {
    const res = await cadre.get(`/api/v1/files/${uploaded.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PNG)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-length']).toBe(String(PNG.length));
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="____.png"; filename*=UTF-8''${encodeURIComponent('困难证明.png')}`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const audit = await auditOf('file.download', uploaded.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toMatchObject({ entityType: 'org', name: '困难证明.png' });
  });

  it('accepts every allowed type, decided by content, and fixes a misleading extension', async () => {
    const xlsx = await writeSheet(
      '名单',
      [{ header: '姓名', value: (r: { n: string }) => r.n }],
      [{ n: '张三' }],
    );
    const cases: [string, Buffer, string, string][] = [
      ['photo.jpeg', JPEG, 'image/jpeg', 'photo.jpeg'],
      ['photo.png', JPEG, 'image/jpeg', 'photo.jpg'],
      ['scan', WEBP, 'image/webp', 'scan.webp'],
      ['申请表.PDF', PDF, 'application/pdf', '申请表.PDF'],
      ['名单.xlsx', xlsx, XLSX_MIME, '名单.xlsx'],
      ['说明.docx', docx(), DOCX_MIME, '说明.docx'],
      ['../../etc/说明 v2', docx("'"), DOCX_MIME, '说明 v2.docx'],
    ];
    for (const [name, content, mime, storedName] of cases) {
      const res = await upload(gxAdmin, orgOwner(scene.yj.id), name, content, 'text/plain');
      expect(res.statusCode, name).toBe(201);
      expect(res.json(), name).toMatchObject({ mime, originalName: storedName, size: content.length });
    }
  });

  it('accepts a file larger than the 1 MB JSON body limit', async () => {
    const big = Buffer.concat([PNG, randomBytes(1_500_000)]);
    const res = await upload(gxAdmin, orgOwner(scene.yj.id), 'big.png', big);
    expect(res.statusCode).toBe(201);
    expect(res.json().sha256).toBe(sha256(big));
  });

  it('takes two concurrent uploads to the same record', async () => {
    const org = await buildOrg(t, { name: '并发上传工会', parent: scene.yj });
    const [a, b] = await Promise.all([
      upload(gxAdmin, orgOwner(org.id), 'a.png', PNG),
      upload(gxAdmin, orgOwner(org.id), 'b.pdf', PDF),
    ]);
    expect([a?.statusCode, b?.statusCode]).toEqual([201, 201]);
    expect(a?.json().id).not.toBe(b?.json().id);
    const list = await gxAdmin.get(`/api/v1/files?${orgOwner(org.id)}`);
    expect(
      list
        .json()
        .items.map((f: TFile) => f.originalName)
        .sort(),
    ).toEqual(['a.png', 'b.pdf']);
  });
});

describe('refusals', () => {
  it('refuses content that is not on the allow-list with 415, whatever its name, storing nothing', async () => {
    const before = storedFiles(t.dataDir).length;
    const cases: [string, Buffer][] = [
      ['notes.png', Buffer.from('这不是图片，只是一段文字。\n')],
      ['page.pdf', Buffer.from('<html><script>alert(1)</script></html>')],
      ['image.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
      ['archive.docx', zip([['a.txt', 'hello']])],
      ['macro.docx', docx("'", [['word/vbaProject.bin', 'x']])],
      [
        'slides.docx',
        zip([
          ['[Content_Types].xml', "<Types ContentType='x'/>"],
          ['ppt/presentation.xml', '<p/>'],
        ]),
      ],
      ['gif.png', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')],
    ];
    for (const [name, content] of cases) {
      const res = await upload(gxAdmin, orgOwner(scene.yj.id), name, content, 'image/png');
      expect(res.statusCode, name).toBe(415);
      expect(res.json().error.code, name).toBe('UNSUPPORTED_FILE_TYPE');
      expect(res.json().error.message).toContain('只能上传');
    }
    expect(storedFiles(t.dataDir)).toHaveLength(before);
  });

  it('refuses an empty file, a missing file and a non-multipart request with 400', async () => {
    const empty = await upload(gxAdmin, orgOwner(scene.yj.id), 'empty.png', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('EMPTY_FILE');
    const boundary = 'xyz';
    const noFile = await gxAdmin.inject({
      method: 'POST',
      url: `/api/v1/files?${orgOwner(scene.yj.id)}`,
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.code).toBe('NO_FILE');
    const json = await gxAdmin.post(`/api/v1/files?${orgOwner(scene.yj.id)}`, { file: 'iVBORw0KGgo=' });
    expect(json.statusCode).toBe(400);
    const bare = await gxAdmin.post(`/api/v1/files?${orgOwner(scene.yj.id)}`);
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.code).toBe('NOT_MULTIPART');
  });

  it('refuses an unknown record type with 400 and a missing record with 404', async () => {
    const unknown = await upload(gxAdmin, 'entityType=castle&entityId=1', 'a.png', PNG);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('UNKNOWN_ENTITY_TYPE');
    expect(unknown.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await gxAdmin.get('/api/v1/files?entityType=castle&entityId=1')).statusCode).toBe(400);
    expect((await gxAdmin.get('/api/v1/files?entityType=org')).statusCode).toBe(400);
    const missing = await upload(gxAdmin, orgOwner(999_999), 'a.png', PNG);
    expect(missing.statusCode).toBe(404);
    expect((await gxAdmin.get(`/api/v1/files?${orgOwner(999_999)}`)).statusCode).toBe(404);
  });

  it('hides another org’s records and files with 404', async () => {
    const theirs = await upload(shAdmin, orgOwner(scene.unionB.id), 'b.png', PNG);
    expect(theirs.statusCode).toBe(201);
    const id = theirs.json().id;
    expect((await upload(gxAdmin, orgOwner(scene.unionB.id), 'x.png', PNG)).statusCode).toBe(404);
    expect((await gxAdmin.get(`/api/v1/files?${orgOwner(scene.unionB.id)}`)).statusCode).toBe(404);
    expect((await gxAdmin.get(`/api/v1/files/${id}`)).statusCode).toBe(404);
    expect((await gxAdmin.get(`/api/v1/files/${id}/meta`)).statusCode).toBe(404);
    expect(await auditOf('file.download', id)).toHaveLength(0);
    // And the other way round.
    const ours = await upload(gxAdmin, orgOwner(scene.unionA.id), 'a.png', PNG);
    expect((await shAdmin.get(`/api/v1/files/${ours.json().id}`)).statusCode).toBe(404);
  });

  it('refuses a role without the record’s action with 403', async () => {
    // cadre may view orgs but not change them (attaching needs the org kind's attach action).
    const res = await upload(cadre, orgOwner(scene.unionA.id), 'a.png', PNG);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    const file = (await upload(gxAdmin, orgOwner(scene.unionA.id), 'a.png', PNG)).json();
    // A worker may not view the org record, so not its files either.
    expect((await worker.get(`/api/v1/files/${file.id}`)).statusCode).toBe(403);
    expect((await worker.get(`/api/v1/files/${file.id}/meta`)).statusCode).toBe(403);
    expect((await worker.get(`/api/v1/files?${orgOwner(scene.unionA.id)}`)).statusCode).toBe(403);
    expect((await upload(worker, orgOwner(scene.unionA.id), 'a.png', PNG)).statusCode).toBe(403);
  });

  it('refuses attaching to an inactive org with 409', async () => {
    const closed = await buildOrg(t, { name: '已停用工会', parent: scene.yj, state: 'inactive' });
    const res = await upload(gxAdmin, orgOwner(closed.id), 'a.png', PNG);
    expect(res.statusCode).toBe(409);
  });

  it('refuses anonymous callers with 401', async () => {
    const file = (await upload(gxAdmin, orgOwner(scene.unionA.id), 'a.png', PNG)).json();
    const anonUpload = await t.app.inject({
      method: 'POST',
      url: `/api/v1/files?${orgOwner(scene.unionA.id)}`,
      ...multipart('a.png', PNG),
    });
    expect(anonUpload.statusCode).toBe(401);
    expect(anonUpload.json().error.code).toBe('UNAUTHENTICATED');
    for (const url of [
      `/api/v1/files/${file.id}`,
      `/api/v1/files/${file.id}/meta`,
      `/api/v1/files?${orgOwner(scene.unionA.id)}`,
    ]) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
  });

  it('answers 404 for an unknown file or lost bytes, 400 for a malformed id', async () => {
    expect((await gxAdmin.get(`/api/v1/files/${randomUUID()}`)).statusCode).toBe(404);
    expect((await gxAdmin.get(`/api/v1/files/${randomUUID()}/meta`)).statusCode).toBe(404);
    expect((await gxAdmin.get('/api/v1/files/12')).statusCode).toBe(400);
    const file = (await upload(gxAdmin, orgOwner(scene.unionA.id), 'lost.png', PNG)).json();
    const [row] = await t.database.db.select().from(files).where(eq(files.id, file.id));
    rmSync(path.join(t.dataDir, 'files', row?.storageKey ?? 'missing'));
    const res = await gxAdmin.get(`/api/v1/files/${file.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('FILE_CONTENT_MISSING');
  });
});

describe('files follow their org', () => {
  it('re-paths the files when the org moves', async () => {
    const created = await gxAdmin.post('/api/v1/orgs', {
      parentId: scene.yj.id,
      type: 'grassroots',
      name: '将被移动的工会',
    });
    expect(created.statusCode).toBe(201);
    const org = created.json();
    const file = (await upload(gxAdmin, orgOwner(org.id), 'a.png', PNG)).json();
    const moved = await gxAdmin.post(`/api/v1/orgs/${org.id}/move`, { parentId: scene.bs.id });
    expect(moved.statusCode).toBe(200);
    const [row] = await t.database.db.select().from(files).where(eq(files.id, file.id));
    expect(row?.orgPath).toBe(`${scene.bs.path}.${org.id}`);
    expect((await gxAdmin.get(`/api/v1/files/${file.id}`)).statusCode).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents the file endpoints, with the multipart upload body', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const post = doc.paths['/api/v1/files/'].post;
    expect(post.summary).toMatch(/附件/);
    expect(post.requestBody.content['multipart/form-data'].schema.properties.file.format).toBe('binary');
    expect(doc.paths['/api/v1/files/'].get.summary).toBeTruthy();
    expect(doc.paths['/api/v1/files/{id}'].get.summary).toBeTruthy();
    expect(doc.paths['/api/v1/files/{id}/meta'].get.summary).toBeTruthy();
  });
});

describe('size limit', () => {
  let small: TestApp;
  let admin: Agent;
  let owner: string;
  beforeAll(async () => {
    small = await createTestApp({ UPLOAD_MAX_MB: '0.01' });
    const s = await buildScene(small);
    owner = orgOwner(s.unionA.id);
    admin = await loginAs(small, await buildUser(small, { org: s.unionA, role: 'admin' }));
  });
  afterAll(async () => {
    await small.close();
  });

  it('refuses a file over UPLOAD_MAX_MB with 413 and a Chinese message, storing nothing', async () => {
    const limit = small.app.deps.config.uploadMaxBytes;
    const over = Buffer.concat([PNG, Buffer.alloc(limit)]);
    const res = await upload(admin, owner, 'big.png', over);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('文件不能超过 0.01 MB') },
    });
    expect(storedFiles(small.dataDir)).toHaveLength(0);
    const atLimit = Buffer.concat([PNG, Buffer.alloc(limit - PNG.length)]);
    expect((await upload(admin, owner, 'fits.png', atLimit)).statusCode).toBe(201);
  });
});

describe('type detection and names', () => {
  it('tells Office documents from other zips', async () => {
    expect(await detectAllowedType(docx())).toBe(DOCX_MIME);
    expect(await detectAllowedType(docx("'"))).toBe(DOCX_MIME);
    expect(await detectAllowedType(zip([['a.txt', 'x']]))).toBeUndefined();
    expect(await detectAllowedType(Buffer.from('plain text'))).toBeUndefined();
  });

  it('cleans names: no paths, control or bidi characters, extension matches the content', () => {
    expect(cleanFileName('C:\\Users\\张三\\照片.JPG', 'image/jpeg')).toBe('照片.JPG');
    expect(cleanFileName('invoice\u202Egpj.exe', 'image/png')).toBe('invoicegpj.exe.png');
    expect(cleanFileName('..', 'application/pdf')).toBe('未命名.pdf');
    expect(cleanFileName('a\r\nb.pdf', 'application/pdf')).toBe('ab.pdf');
    expect(cleanFileName('x'.repeat(300), 'image/webp')).toHaveLength(105);
  });
});
