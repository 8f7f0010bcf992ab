/**
 * Constants and rules the server's zod contracts and the web share at runtime. Free of zod, so the
 * browser bundles can import them without carrying the validation library.
 */

export const roles = [
  'admin',
  'cadre',
  'reviewer',
  'representative',
  'worker',
  'donor',
  'partner',
  'auditor',
] as const;
export type Role = (typeof roles)[number];

/** Account states; the lifecycle is `platform/auth/users.flow.ts`. */
export const userStates = ['active', 'disabled'] as const;
export type UserState = (typeof userStates)[number];

/** Mainland mobile number: 11 digits starting 1[3-9]. */
export const mobilePattern = /^1[3-9]\d{9}$/;

/** A mobile or a landline with its area code (0311-12345678): callers and pickup points often have only one. */
export const phonePattern = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/**
 * Login name: 3–32 letters, digits or underscores (stored lower-cased); a mobile number fits too.
 * What is wrong with a login name: the characters it may not hold, or its length; null when it is fine. */
export type UsernameProblem = { kind: 'chars'; chars: string[] } | { kind: 'length'; length: number };

export function usernameProblem(value: string): UsernameProblem | null {
  const name = value.trim().toLowerCase();
  const chars = [...new Set([...name].filter((c) => !/[a-z0-9_]/.test(c)))];
  if (chars.length) return { kind: 'chars', chars };
  return name.length < 3 || name.length > 32 ? { kind: 'length', length: name.length } : null;
}

/** A character as a message names it: a space or a full-width space would be invisible in 「」. */
export const charName = (c: string): string =>
  c === ' ' ? '空格' : c === '\u3000' ? '全角空格' : `「${c}」`;

/** The problem in words, as the API and the import say it (the console words it per language). */
export function usernameProblemText(p: UsernameProblem): string {
  return p.kind === 'chars'
    ? `登录名不能含${p.chars.slice(0, 5).map(charName).join('')}：只能用字母、数字和下划线，或 11 位手机号`
    : `登录名应为 3–32 位（现为 ${p.length} 位）`;
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const passwordRuleMessage = '密码需包含字母、数字、符号中的至少两类';

/** At least two kinds among lower-case, upper-case, digits and symbols. */
export function passwordHasTwoKinds(p: string): boolean {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length >= 2;
}

export function passwordOk(p: string): boolean {
  return p.length >= PASSWORD_MIN && p.length <= PASSWORD_MAX && passwordHasTwoKinds(p);
}

export const orgTypes = [
  'national',
  'provincial',
  'municipal',
  'county',
  'township',
  'grassroots',
  'industry',
  'donor',
  'supplier',
  'logistics',
  'courier',
  'governance',
] as const;
export type OrgType = (typeof orgTypes)[number];

/** Chinese names of org types. */
export const orgTypeLabels: Record<OrgType, string> = {
  national: '全国总工会',
  provincial: '省总工会',
  municipal: '市总工会',
  county: '县(区)总工会',
  township: '乡镇(街道)总工会',
  grassroots: '基层工会',
  industry: '产业工会',
  donor: '爱心企业',
  supplier: '供应商',
  logistics: '物流企业',
  courier: '快递企业',
  governance: '基层治理平台',
};

/** Outside partners: they see only records explicitly assigned to them, and have no child unions. */
export const partnerOrgTypes: readonly OrgType[] = [
  'donor',
  'supplier',
  'logistics',
  'courier',
  'governance',
];
