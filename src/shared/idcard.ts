/**
 * 18-digit resident ID numbers (GB 11643-1999): one checker for the server and both web apps, so a
 * page names the same problem the server would. Pure: no Node or browser APIs.
 */
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
