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

// The ID number's rules are shared with the pages (which check before sending); the server checks again.
export {
  checkIdCard,
  type IdCardInfo,
  type IdCardProblem,
  idCardCheckChar,
  idCardProblemMessages,
} from '../../../shared/idcard.ts';

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
