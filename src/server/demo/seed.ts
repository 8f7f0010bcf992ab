import { count, eq } from 'drizzle-orm';
import type { Role } from '../../shared/auth.ts';
import type { OrgType } from '../../shared/orgs.ts';
import type { DbOrTx } from '../db/client.ts';
import { seedDutyDemo } from '../modules/duty/duty.demo.ts';
import { seedErrandsDemo } from '../modules/errands/errands.demo.ts';
import { seedHardshipDemo } from '../modules/hardship/hardship.demo.ts';
import { refreshHardshipStats } from '../modules/hardship/stats.service.ts';
import { seedProposalsDemo } from '../modules/proposals/proposals.demo.ts';
import { seedSuppliesDemo } from '../modules/supplies/supplies.demo.ts';
import { seedSurveysDemo } from '../modules/surveys/surveys.demo.ts';
import { seedWishesDemo } from '../modules/wishes/wishes.demo.ts';
import { auditLog } from '../platform/audit/audit.table.ts';
import { memberships, users } from '../platform/auth/auth.table.ts';
import { hashPassword } from '../platform/auth/password.ts';
import type { Deps } from '../platform/context.ts';
import { orgs } from '../platform/orgs/orgs.table.ts';

/** The one password of every demo account (listed in the README). Invented; never use it in production. */
export const DEMO_PASSWORD = 'Niangjia@2026';

interface DemoOrg {
  key: string;
  name: string;
  type: OrgType;
  region?: string;
  children?: DemoOrg[];
}

/** An invented union tree after the seeds' places: Baise (002), Shanghai medical union (003), Pinghu (004), Qiaoxi (000). */
export const demoTree: DemoOrg = {
  key: 'acftu',
  name: '全国总工会',
  type: 'national',
  children: [
    {
      key: 'gx',
      name: '广西壮族自治区总工会',
      type: 'provincial',
      region: '450000',
      children: [
        {
          key: 'bs',
          name: '百色市总工会',
          type: 'municipal',
          region: '451000',
          children: [
            {
              key: 'yj',
              name: '右江区总工会',
              type: 'county',
              region: '451002',
              children: [
                { key: 'yj_build', name: '右江区红星建筑工程公司工会', type: 'grassroots' },
                { key: 'yj_sanitation', name: '右江区城区环卫站工会', type: 'grassroots' },
                { key: 'yj_store', name: '右江区百货商场工会', type: 'grassroots' },
              ],
            },
            { key: 'bs_donor', name: '百色爱心科技有限公司', type: 'donor' },
          ],
        },
      ],
    },
    {
      key: 'sh',
      name: '上海市总工会',
      type: 'provincial',
      region: '310000',
      children: [
        {
          key: 'shmed',
          name: '上海市医务工会',
          type: 'industry',
          region: '310000',
          children: [
            { key: 'hosp1', name: '上海市第一示范医院工会', type: 'grassroots' },
            { key: 'hosp2', name: '上海市第二示范医院工会', type: 'grassroots' },
            { key: 'hosp3', name: '上海市第三示范医院工会', type: 'grassroots' },
            { key: 'pd_med', name: '浦东新区医务工会', type: 'industry', region: '310115' },
            { key: 'xh_med', name: '徐汇区医务工会', type: 'industry', region: '310104' },
            { key: 'sh_supplier', name: '申城示范供应链有限公司', type: 'supplier' },
            { key: 'sh_logistics', name: '申城示范物流有限公司', type: 'logistics' },
          ],
        },
      ],
    },
    {
      key: 'zj',
      name: '浙江省总工会',
      type: 'provincial',
      region: '330000',
      children: [
        {
          key: 'jx',
          name: '嘉兴市总工会',
          type: 'municipal',
          region: '330400',
          children: [
            {
              key: 'ph',
              name: '平湖市总工会',
              type: 'county',
              region: '330482',
              children: [
                {
                  key: 'ld',
                  name: '林埭镇总工会',
                  type: 'township',
                  children: [
                    { key: 'ld_textile', name: '林埭镇示范纺织有限公司工会', type: 'grassroots' },
                    { key: 'ld_machine', name: '林埭镇示范机械有限公司工会', type: 'grassroots' },
                    { key: 'ld_gov', name: '林埭镇基层治理平台', type: 'governance' },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
    {
      key: 'hb',
      name: '河北省总工会',
      type: 'provincial',
      region: '130000',
      children: [
        {
          key: 'sjz',
          name: '石家庄市总工会',
          type: 'municipal',
          region: '130100',
          children: [
            {
              key: 'qx',
              name: '石家庄市桥西区总工会',
              type: 'county',
              region: '130104',
              children: [
                { key: 'qx_community', name: '桥西区示范街道社区工会', type: 'grassroots' },
                { key: 'qx_courier', name: '桥西区示范快递有限公司', type: 'courier' },
              ],
            },
          ],
        },
      ],
    },
  ],
};

/** One account per role, and a few more for the partner orgs. All names and numbers are invented. */
export const demoAccounts: {
  username: string;
  displayName: string;
  org: string;
  role: Role;
  mobile?: string;
}[] = [
  { username: 'admin', displayName: '系统管理员', org: 'acftu', role: 'admin' },
  { username: 'gx_admin', displayName: '韦管理', org: 'gx', role: 'admin' },
  { username: 'bs_cadre', displayName: '黄干事', org: 'bs', role: 'cadre', mobile: '13900000001' },
  { username: 'yj_reviewer', displayName: '农审核', org: 'yj', role: 'reviewer' },
  // Paired helpers (结对帮扶责任人) and a reviewer for the hardship demo archives.
  { username: 'yj_cadre', displayName: '覃干事', org: 'yj', role: 'cadre', mobile: '13900000005' },
  { username: 'hw_cadre', displayName: '罗干事', org: 'yj_sanitation', role: 'cadre', mobile: '13900000006' },
  { username: 'gx_auditor', displayName: '陆审计', org: 'gx', role: 'auditor' },
  {
    username: 'ph_rep',
    displayName: '沈代表',
    org: 'ld_textile',
    role: 'representative',
    mobile: '13900000002',
  },
  {
    username: '13900000003',
    displayName: '岑师傅',
    org: 'yj_sanitation',
    role: 'worker',
    mobile: '13900000003',
  },
  { username: 'donor', displayName: '爱心人士蓝女士', org: 'bs', role: 'donor', mobile: '13900000004' },
  // 微心愿 donors: a person (not on the thanks list) and an enterprise (百色市红城建材有限公司).
  { username: 'donor_li', displayName: '李秀梅', org: 'bs', role: 'donor', mobile: '13900000011' },
  { username: 'donor_corp', displayName: '红城建材联络人', org: 'bs', role: 'donor', mobile: '13900000012' },
  { username: 'bs_donor_co', displayName: '百色爱心科技联络人', org: 'bs_donor', role: 'partner' },
  { username: 'sh_med_admin', displayName: '顾主任', org: 'shmed', role: 'admin' },
  { username: 'sh_med_cadre', displayName: '陈热线', org: 'shmed', role: 'cadre', mobile: '13900000007' },
  { username: 'sh_hosp_cadre', displayName: '周干事', org: 'hosp1', role: 'cadre', mobile: '13900000008' },
  { username: 'sh_logistics', displayName: '申城物流调度', org: 'sh_logistics', role: 'partner' },
  { username: 'sh_supplier', displayName: '申城供应链专员', org: 'sh_supplier', role: 'partner' },
  { username: 'ph_admin', displayName: '平湖管理员', org: 'ph', role: 'admin' },
  { username: 'ld_cadre', displayName: '钱干事', org: 'ld', role: 'cadre', mobile: '13900000009' },
  { username: 'ld_gov', displayName: '林埭治理平台专员', org: 'ld_gov', role: 'partner' },
  // 云履职: the proposal review committee, a handling unit's cadre, two more representatives (co-signers)
  // and a worker of 林埭镇 posting in 职工事大家议.
  { username: 'ld_reviewer', displayName: '许审议', org: 'ld', role: 'reviewer' },
  {
    username: 'ld_textile_cadre',
    displayName: '陆主席',
    org: 'ld_textile',
    role: 'cadre',
    mobile: '13900000017',
  },
  {
    username: 'ld_rep2',
    displayName: '杨代表',
    org: 'ld_machine',
    role: 'representative',
    mobile: '13900000018',
  },
  {
    username: 'ld_rep3',
    displayName: '钟代表',
    org: 'ld_textile',
    role: 'representative',
    mobile: '13900000019',
  },
  {
    username: '13900000020',
    displayName: '吴师傅',
    org: 'ld_textile',
    role: 'worker',
    mobile: '13900000020',
  },
  { username: 'qx_cadre', displayName: '桥西值班员', org: 'qx', role: 'cadre', mobile: '13900000010' },
  { username: 'qx_reviewer', displayName: '赵审核', org: 'qx', role: 'reviewer' },
  { username: 'qx_courier', displayName: '桥西快递站长', org: 'qx_courier', role: 'partner' },
  // 及时送: the night-shift duty cadre, two more couriers, a community worker asking on the H5.
  { username: 'qx_duty2', displayName: '韩晓梅', org: 'qx', role: 'cadre', mobile: '13900000013' },
  {
    username: 'qx_courier2',
    displayName: '郭小军',
    org: 'qx_courier',
    role: 'partner',
    mobile: '13900000014',
  },
  {
    username: 'qx_courier3',
    displayName: '马立强',
    org: 'qx_courier',
    role: 'partner',
    mobile: '13900000015',
  },
  {
    username: '13900000016',
    displayName: '苏建华',
    org: 'qx_community',
    role: 'worker',
    mobile: '13900000016',
  },
];

async function insertTree(
  db: DbOrTx,
  node: DemoOrg,
  parent: { id: number; path: string; depth: number } | null,
  ids: Map<string, number>,
) {
  const [row] = await db
    .insert(orgs)
    .values({
      parentId: parent?.id ?? null,
      type: node.type,
      name: node.name,
      regionCode: node.region ?? null,
      path: `pending-${node.key}`,
      depth: parent ? parent.depth + 1 : 0,
    })
    .returning({ id: orgs.id });
  if (!row) throw new Error(`could not insert ${node.name}`);
  const path = parent ? `${parent.path}.${row.id}` : String(row.id);
  await db.update(orgs).set({ path }).where(eq(orgs.id, row.id));
  ids.set(node.key, row.id);
  for (const child of node.children ?? []) {
    await insertTree(db, child, { id: row.id, path, depth: parent ? parent.depth + 1 : 0 }, ids);
  }
}

/** Seed the demo orgs and accounts on an empty database. Returns false when data already exists. */
export async function seedDemo(deps: Deps): Promise<boolean> {
  const db = deps.database.db;
  const [existing] = await db.select({ n: count() }).from(orgs);
  if ((existing?.n ?? 0) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const ids = new Map<string, number>();
    await insertTree(tx, demoTree, null, ids);
    for (const a of demoAccounts) {
      const orgId = ids.get(a.org);
      if (!orgId) throw new Error(`demo account ${a.username}: unknown org ${a.org}`);
      const [u] = await tx
        .insert(users)
        .values({
          username: a.username,
          displayName: a.displayName,
          orgId,
          passwordHash,
          phoneEnc: a.mobile ? deps.vault.encrypt(a.mobile) : null,
          phoneHash: a.mobile ? deps.vault.blindIndex('mobile', a.mobile) : null,
        })
        .returning({ id: users.id });
      if (!u) throw new Error(`could not insert ${a.username}`);
      await tx.insert(memberships).values({ userId: u.id, orgId, role: a.role });
    }
    await tx.insert(auditLog).values({
      action: 'demo.seed',
      result: 'success',
      actorName: 'system',
      orgId: ids.get('acftu'),
      detail: { orgs: ids.size, accounts: demoAccounts.length },
    });
  });
  // Module demo data goes through the modules' own use cases, after the orgs and accounts exist.
  const started = performance.now();
  const hardship = await seedHardshipDemo(deps);
  deps.log.info({ hardship, ms: Math.round(performance.now() - started) }, 'hardship demo data created');
  await refreshHardshipStats(deps);
  const wishStarted = performance.now();
  const wishes = await seedWishesDemo(deps);
  deps.log.info({ wishes, ms: Math.round(performance.now() - wishStarted) }, 'wishes demo data created');
  const suppliesStarted = performance.now();
  const supplies = await seedSuppliesDemo(deps);
  deps.log.info(
    { supplies, ms: Math.round(performance.now() - suppliesStarted) },
    'supplies demo data created',
  );
  const errandsStarted = performance.now();
  const errands = await seedErrandsDemo(deps);
  deps.log.info({ errands, ms: Math.round(performance.now() - errandsStarted) }, 'errands demo data created');
  const proposalsStarted = performance.now();
  const proposals = await seedProposalsDemo(deps);
  deps.log.info(
    { proposals, ms: Math.round(performance.now() - proposalsStarted) },
    'proposals demo data created',
  );
  // Surveys before duty: members' ratings of representatives become 会员评议 duty records.
  const surveysStarted = performance.now();
  const surveys = await seedSurveysDemo(deps);
  deps.log.info({ surveys, ms: Math.round(performance.now() - surveysStarted) }, 'surveys demo data created');
  const dutyStarted = performance.now();
  const duty = await seedDutyDemo(deps);
  deps.log.info({ duty, ms: Math.round(performance.now() - dutyStarted) }, 'duty demo data created');
  return true;
}
