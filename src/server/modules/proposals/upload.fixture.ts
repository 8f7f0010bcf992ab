import { randomBytes } from 'node:crypto';
import type { SceneUser } from './proposals.fixture.ts';

/** A real 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A minimal PDF (the platform recognises it from its `%PDF-` header). */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** A multipart/form-data body with one file field `file`. */
export function multipart(filename: string, content: Buffer, contentType = 'image/png') {
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

/** POST one file to platform/files on a record of `entityType` as `who`. */
export const uploadTo = (
  who: SceneUser,
  entityType: string,
  entityId: number,
  name = '照片.png',
  content = PNG,
  type?: string,
) =>
  who.agent.inject({
    method: 'POST',
    url: `/api/v1/files?entityType=${entityType}&entityId=${entityId}`,
    ...multipart(name, content, type),
  });
