import type { TestApp, TestOrg } from '../../../../test/app.ts';
import { idCardCheckChar, maskIdCard } from '../../platform/pii/pii.ts';
import { hardshipArchives } from '../hardship/hardship.table.ts';

/**
 * Test factories for 微心愿: archives are inserted directly (their own lifecycle is tested in the
 * hardship module), with personal data that the PII tests then look for in public answers.
 */

let seq = 0;
/** A fresh valid ID number (Baise 451002, born 1980-05-06); odd sequence digit = male. */
export function nextIdCard(sex: 'male' | 'female'): string {
  seq += 1;
  const order = String((seq * 2 + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = `45100219800506${order}`;
  return first17 + idCardCheckChar(first17);
}

export interface TestArchive {
  id: number;
  name: string;
  idCard: string;
  mobile: string | null;
  address: string;
}

export async function buildArchive(
  t: TestApp,
  input: {
    org: TestOrg;
    name?: string;
    sex?: 'male' | 'female';
    state?: string;
    mobile?: string | null;
    /** A worker's own application (channel self, created by them). */
    selfBy?: number;
  },
): Promise<TestArchive> {
  const vault = t.app.deps.vault;
  const sex = input.sex ?? 'male';
  const idCard = nextIdCard(sex);
  const name = input.name ?? (sex === 'male' ? '黄建国' : '韦秀兰');
  const mobile = input.mobile === undefined ? null : input.mobile;
  const address = `广西百色市右江区向阳路${seq}号`;
  const [row] = await t.database.db
    .insert(hardshipArchives)
    .values({
      orgId: input.org.id,
      orgPath: input.org.path,
      state: input.state ?? 'filed',
      channel: input.selfBy ? 'self' : 'window',
      name,
      idCardEnc: vault.encrypt(idCard),
      idCardHash: vault.blindIndex('idcard', idCard),
      idCardMasked: maskIdCard(idCard),
      sex,
      birthDate: '1980-05-06',
      mobileEnc: mobile ? vault.encrypt(mobile) : null,
      mobileHash: mobile ? vault.blindIndex('mobile', mobile) : null,
      health: 'chronic',
      workStatus: 'employed',
      addressEnc: vault.encrypt(address),
      mainCause: 'seriousIllness',
      annualIncomeFen: 2_000_000,
      householdSize: 3,
      perCapitaMonthlyFen: 55_555,
      dibaoMonthlyFen: 85_000,
      createdBy: input.selfBy ?? null,
    })
    .returning({ id: hardshipArchives.id });
  if (!row) throw new Error('archive insert failed');
  return { id: row.id, name, idCard, mobile, address };
}

export const wishBody = (over: Record<string, unknown> = {}) => ({
  title: '给女儿买一双轮滑鞋',
  story: '女儿今年十岁，一直想学轮滑，家里条件有限，希望能圆她一个小小的梦想。',
  category: 'living',
  valueFen: 30_000,
  ...over,
});
