import type { TFunction } from 'i18next';
import { PASSWORD_MAX, PASSWORD_MIN, passwordHasTwoKinds } from '../../shared/rules.ts';

/**
 * What is wrong with a new password, in words (null when it passes the rule): too short — with its
 * length — too long, or one kind of character only. The console and the H5 say the same.
 */
export function passwordProblem(t: TFunction, p: string): string | null {
  const n = [...p].length;
  if (n < PASSWORD_MIN) return t('msg.passwordTooShort', { n });
  if (n > PASSWORD_MAX) return t('msg.passwordTooLong');
  return passwordHasTwoKinds(p) ? null : t('msg.passwordOneKind');
}
