import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { passwordOk } from '../src/shared/rules.ts';
import { passwordProblem } from '../src/web/shared/passwords.ts';

/** The console's and the H5's password check name the problem, and agree with the server's rule. */
describe('passwordProblem', () => {
  const t = ((key: string, opts?: { n?: number }) =>
    opts?.n === undefined ? key : `${key}:${opts.n}`) as TFunction;

  it('names what is wrong: the length it has, or the missing second kind', () => {
    expect(passwordProblem(t, 'abc')).toBe('msg.passwordTooShort:3');
    expect(passwordProblem(t, '密码')).toBe('msg.passwordTooShort:2');
    expect(passwordProblem(t, 'abcdefgh')).toBe('msg.passwordOneKind');
    expect(passwordProblem(t, '12345678')).toBe('msg.passwordOneKind');
    expect(passwordProblem(t, `${'x'.repeat(127)}1x`)).toBe('msg.passwordTooLong');
    expect(passwordProblem(t, 'Worker-pass-1')).toBeNull();
  });

  it('passes exactly what the server passes', () => {
    for (const p of ['abc', 'abcdefgh', 'abcdefg1', 'ABCDEFGh', '!!!!!!!!', '1234567!', 'a'.repeat(129)]) {
      expect(passwordProblem(t, p) === null).toBe(passwordOk(p));
    }
  });
});
