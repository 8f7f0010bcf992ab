import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkIdCard,
  idCardCheckChar,
  isMobile,
  loadOrCreateDataKey,
  maskIdCard,
  maskMobile,
  maskName,
  PiiVault,
} from './pii.ts';

describe('ID card numbers (GB 11643)', () => {
  it('accepts known valid numbers and reads birth date, sex and region from them', () => {
    // The standard's own example, with an X check character, in lower case and with spaces.
    expect(checkIdCard(' 11010519491231002x ')).toEqual({
      ok: true,
      value: '11010519491231002X',
      info: { birthDate: '1949-12-31', sex: 'female', regionCode: '110105' },
    });
    const male = checkIdCard('451002198503151235');
    expect(male.ok && male.info).toEqual({ birthDate: '1985-03-15', sex: 'male', regionCode: '451002' });
    // Valid checksum, but born before 1900: refused as a birth date.
    expect(checkIdCard('440524188001010014')).toEqual({ ok: false, problem: 'birthdate' });
  });

  it('names what is wrong with an invalid number', () => {
    expect(checkIdCard('45100219850315123')).toEqual({ ok: false, problem: 'format' });
    expect(checkIdCard('4510021985031512345')).toEqual({ ok: false, problem: 'format' });
    expect(checkIdCard('45100219850315123A')).toEqual({ ok: false, problem: 'format' });
    expect(checkIdCard('451002198503151234')).toEqual({ ok: false, problem: 'checksum' });
    expect(checkIdCard('11010519491231002Y')).toEqual({ ok: false, problem: 'format' });
    // Province 99 does not exist; 00 neither.
    const bad = (first17: string) => `${first17}${idCardCheckChar(first17)}`;
    expect(checkIdCard(bad('99100219850315123'))).toEqual({ ok: false, problem: 'region' });
    expect(checkIdCard(bad('00100219850315123'))).toEqual({ ok: false, problem: 'region' });
    // 30 February, month 13, born before 1900, born tomorrow.
    expect(checkIdCard(bad('45100219850230123'))).toEqual({ ok: false, problem: 'birthdate' });
    expect(checkIdCard(bad('45100219851301123'))).toEqual({ ok: false, problem: 'birthdate' });
    expect(checkIdCard(bad('45100218991231123'))).toEqual({ ok: false, problem: 'birthdate' });
    expect(checkIdCard(bad('45100220260102123'), new Date('2026-01-01T00:00:00Z'))).toEqual({
      ok: false,
      problem: 'birthdate',
    });
    // 29 February only in leap years.
    expect(checkIdCard(bad('45100220000229123')).ok).toBe(true);
    expect(checkIdCard(bad('45100219000229123'))).toEqual({ ok: false, problem: 'birthdate' });
  });

  it('computes the check character for demo numbers', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    expect(idCardCheckChar('44052418800101001')).toBe('4');
  });
});

describe('mobile numbers', () => {
  it('accepts mainland mobiles and refuses the rest', () => {
    for (const ok of ['13812345678', '19912345678', ' 15012345678 ']) expect(isMobile(ok)).toBe(true);
    for (const bad of ['12812345678', '1381234567', '138123456789', '+8613812345678', '138-1234-5678', '']) {
      expect(isMobile(bad)).toBe(false);
    }
  });
});

describe('masking', () => {
  it('masks ID numbers, mobiles and names as notices show them', () => {
    expect(maskIdCard('451002198503151235')).toBe('4510**********1235');
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('李小红')).toBe('李**');
    expect(maskName('欧阳小明')).toBe('欧阳**');
    expect(maskName('王')).toBe('王');
    // Too short to keep anything: all masked, nothing leaks.
    expect(maskIdCard('1234')).toBe('****');
    expect(maskMobile('12345')).toBe('*****');
  });
});

describe('encryption at rest', () => {
  const vault = new PiiVault(randomBytes(32));

  it('round-trips, with a fresh IV each time so equal values do not look equal', () => {
    const a = vault.encrypt('451002198503151235');
    const b = vault.encrypt('451002198503151235');
    expect(a).not.toBe(b);
    expect(a).not.toContain('451002');
    expect(vault.decrypt(a)).toBe('451002198503151235');
    expect(vault.decrypt(vault.encrypt('中文地址：百色市右江区'))).toBe('中文地址：百色市右江区');
  });

  it('never repeats an IV, also across refills of its pool of random IVs', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const stored = vault.encrypt(`1381234${String(i).padStart(4, '0')}`);
      const iv = stored.split('.')[1] ?? '';
      expect(Buffer.from(iv, 'base64url')).toHaveLength(12);
      ivs.add(iv);
      if (i % 997 === 0) expect(vault.decrypt(stored)).toBe(`1381234${String(i).padStart(4, '0')}`);
    }
    expect(ivs.size).toBe(5_000);
  });

  it('detects tampering and refuses another key’s ciphertext', () => {
    const stored = vault.encrypt('13812345678');
    const parts = stored.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    const tampered = [parts[0], parts[1], parts[2], body.toString('base64url')].join('.');
    expect(() => vault.decrypt(tampered)).toThrow();
    expect(() => new PiiVault(randomBytes(32)).decrypt(stored)).toThrow();
    expect(() => vault.decrypt('not-a-ciphertext')).toThrow(/unrecognised/);
    expect(() => new PiiVault(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('blind-indexes exactly: same value same index, kinds and keys kept apart', () => {
    expect(vault.blindIndex('idcard', '11010519491231002x')).toBe(
      vault.blindIndex('idcard', '11010519491231002X'),
    );
    expect(vault.blindIndex('idcard', '13812345678')).not.toBe(vault.blindIndex('mobile', '13812345678'));
    expect(vault.blindIndex('mobile', '13812345678')).not.toBe(
      new PiiVault(randomBytes(32)).blindIndex('mobile', '13812345678'),
    );
    expect(vault.blindIndex('mobile', '13812345678')).not.toContain('1381234');
  });
});

describe('the data key', () => {
  it('is generated once into the data dir (mode 0600) and reused; DATA_KEY wins when given', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nj-key-'));
    try {
      const first = loadOrCreateDataKey(undefined, dir);
      expect(first).toHaveLength(32);
      const file = path.join(dir, 'data.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(loadOrCreateDataKey(undefined, dir).equals(first)).toBe(true);
      expect(readFileSync(file, 'utf8')).not.toBe('');
      const given = randomBytes(32);
      expect(loadOrCreateDataKey(given, dir).equals(given)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
