import type { TFunction } from 'i18next';
import { mobilePattern } from '../../shared/rules.ts';
import { ApiError } from '../shared/api.ts';

export interface ErrorView {
  /** One sentence for the alert above the form. */
  message: string;
  /** Lockout or throttling: shown as a warning rather than an error. */
  locked: boolean;
  /** Messages keyed by form field name (`body.` prefix removed). */
  fields: Record<string, string>;
}

const lockCodes = new Set(['ACCOUNT_LOCKED', 'TOO_MANY_ATTEMPTS']);

function retryMinutes(details: unknown): number {
  const s =
    typeof details === 'object' && details !== null && 'retryAfterSeconds' in details
      ? Number((details as { retryAfterSeconds: unknown }).retryAfterSeconds)
      : Number.NaN;
  return Number.isFinite(s) && s > 0 ? Math.ceil(s / 60) : 15;
}

/** English for the server's Chinese message, by error code; unknown codes keep the server's words. */
function englishMessage(e: ApiError, t: TFunction): string {
  switch (e.code) {
    case 'NETWORK':
      return t('err.network');
    case 'INVALID_CREDENTIALS': {
      // "账号或密码错误，再错 3 次将锁定 15 分钟": the count is only in the message.
      const m = /(\d+)\s*次.*?(\d+)\s*分钟/.exec(e.message);
      return m
        ? t('err.INVALID_CREDENTIALS_LEFT', { left: m[1], minutes: m[2] })
        : t('err.INVALID_CREDENTIALS');
    }
    case 'ACCOUNT_LOCKED':
    case 'TOO_MANY_ATTEMPTS':
      return t(`err.${e.code}`, { minutes: retryMinutes(e.details) });
    default:
      return t(`err.${e.code}`, { defaultValue: e.message });
  }
}

function englishFieldMessage(field: string, e: ApiError, fallback: string, t: TFunction): string {
  if (e.code !== 'VALIDATION_FAILED') return t(`err.${e.code}`, { defaultValue: fallback });
  switch (field) {
    case 'mobile':
      return t('msg.mobileInvalid');
    case 'code':
      return t('register.codeInvalid');
    case 'password':
    case 'newPassword':
      return t('msg.passwordRule');
    case 'displayName':
      return t('register.nameRequired');
    case 'oldPassword':
      return t('password.oldRequired');
    case 'orgId':
      return t('register.orgRequired');
    default:
      return fallback;
  }
}

/**
 * What to show for a failed request. In Chinese the server's own message is shown as is (it
 * carries details such as attempts left); in English the known codes are translated.
 */
export function describeError(e: unknown, t: TFunction, lang: string): ErrorView {
  if (!(e instanceof ApiError)) return { message: t('err.UNKNOWN'), locked: false, fields: {} };
  const zh = !lang.startsWith('en');
  const fields: Record<string, string> = {};
  for (const issue of e.fieldIssues) {
    const name = issue.field.replace(/^(body|querystring|params)\./, '');
    if (!(name in fields)) fields[name] = zh ? issue.message : englishFieldMessage(name, e, issue.message, t);
  }
  return { message: zh ? e.message : englishMessage(e, t), locked: lockCodes.has(e.code), fields };
}

/** The server's own rules, from the zod-free shared module. */
export const mobileOk = (m: string) => mobilePattern.test(m);
