import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  randomFillSync,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mobilePattern } from '../../../shared/common.ts';

/** Weights and check characters of GB 11643-1999 (ISO 7064 MOD 11-2). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export type IdCardProblem = 'format' | 'region' | 'birthdate' | 'checksum';

export interface IdCardInfo {
  birthDate: string; // YYYY-MM-DD
  sex: 'male' | 'female';
  regionCode: string;
}

/** Validate an 18-digit resident ID number; returns the problem or the facts it encodes. */
export function checkIdCard(
  raw: string,
  today = new Date(),
): { ok: true; value: string; info: IdCardInfo } | { ok: false; problem: IdCardProblem } {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  // Province codes run 11–82; the city and county digits are free-form enough to only check shape.
  const province = Number(value.slice(0, 2));
  if (province < 11 || province > 82) return { ok: false, problem: 'region' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1900 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d ||
    date.getTime() > today.getTime()
  ) {
    return { ok: false, problem: 'birthdate' };
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * (ID_WEIGHTS[i] as number);
  if (ID_CHECK[sum % 11] !== value[17]) return { ok: false, problem: 'checksum' };
  return {
    ok: true,
    value,
    info: {
      birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
      sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
      regionCode: value.slice(0, 6),
    },
  };
}

export const idCardProblemMessages: Record<IdCardProblem, string> = {
  format: '身份证号应为 18 位，最后一位可为数字或 X',
  region: '身份证号的地区码无效',
  birthdate: '身份证号中的出生日期无效',
  checksum: '身份证号校验位不正确',
};

/** The check character for 17 digits: used by demo data to invent valid-looking numbers. */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

export function isMobile(raw: string): boolean {
  return mobilePattern.test(raw.trim());
}

/** `4501**********1234` */
export function maskIdCard(value: string): string {
  return value.length < 8
    ? '*'.repeat(value.length)
    : `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/** `138****5678` */
export function maskMobile(value: string): string {
  return value.length < 7 ? '*'.repeat(value.length) : `${value.slice(0, 3)}****${value.slice(-4)}`;
}

/** `张*`, `欧阳**` — for public notices. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}

const IV_BYTES = 12;
const IV_POOL_SIZE = 1024;

/**
 * Encryption at rest and blind indexes. Two keys are derived from the master key so that the
 * index key never encrypts and the encryption key never indexes.
 */
export class PiiVault {
  readonly #encKey: Buffer;
  readonly #indexKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('DATA_KEY must be 32 bytes');
    this.#encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'niangjia/pii/enc/v1', 32));
    this.#indexKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'niangjia/pii/index/v1', 32));
  }

  // Random 96-bit GCM nonces, drawn from the CSPRNG a few thousand at a time: one call per IV
  // showed as 5 % of a 100,000-row import. Each slice is used once and the pool is then refilled.
  #ivPool = Buffer.alloc(0);
  #ivNext = 0;
  #nextIv(): Buffer {
    if (this.#ivNext + IV_BYTES > this.#ivPool.length) {
      this.#ivPool = randomFillSync(Buffer.allocUnsafe(IV_BYTES * IV_POOL_SIZE));
      this.#ivNext = 0;
    }
    const iv = this.#ivPool.subarray(this.#ivNext, this.#ivNext + IV_BYTES);
    this.#ivNext += IV_BYTES;
    return iv;
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
  encrypt(plain: string): string {
    const iv = this.#nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.#encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  decrypt(stored: string): string {
    const [version, iv, tag, body] = stored.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unrecognised ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.#encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** Deterministic keyed hash for exact search and uniqueness; `kind` keeps ID and phone spaces apart. */
  blindIndex(kind: 'idcard' | 'mobile' | 'bank' | string, value: string): string {
    return createHmac('sha256', this.#indexKey)
      .update(`${kind}:${value.trim().toUpperCase()}`)
      .digest('base64url');
  }
}

/**
 * The master key: DATA_KEY when given; in embedded mode a key generated once into the data dir
 * (file mode 0600, never committed: data/ is git-ignored).
 */
export function loadOrCreateDataKey(dataKey: Buffer | undefined, dataDir: string): Buffer {
  if (dataKey) return dataKey;
  const file = path.join(dataDir, 'data.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}
