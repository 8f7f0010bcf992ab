import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '../src/server/platform/auth/password.ts';
import { BENCH_PASSWORD, BENCH_ROOT_NAME } from './seed.ts';

/**
 * 服务热线平台 bench data (issue #6 point 8), its own part of the bench database under the bench
 * root, seeded once: a hub union (上海市医务工会 as in seed 003) with 30 hospitals and 16 district
 * medical unions, ~120 delivery points, three supplying partners and a logistics partner, ~100
 * catalogue items with stock, and ~3,200 historical requests in every state with their lines,
 * shipments and a consistent stock ledger (every reservation, shipment and release an entry with
 * the running balances after it, as `postStockEntries` writes them). Accounts: one cadre per unit,
 * ten reviewers at the hub. Every run gets fresh sessions (inserted directly, shaped as
 * platform/auth/sessions.ts creates them, instead of argon2 logins).
 */

export const SUPPLY_HUB_NAME = '上海市医务工会（物资保障基准测试）';
const HOSPITALS = 30;
const DISTRICTS = [
  '黄浦区',
  '徐汇区',
  '长宁区',
  '静安区',
  '普陀区',
  '虹口区',
  '杨浦区',
  '闵行区',
  '宝山区',
  '嘉定区',
  '浦东新区',
  '金山区',
  '松江区',
  '青浦区',
  '奉贤区',
  '崇明区',
];
const REVIEWERS = 10;
const HISTORY_REQUESTS = 3_200;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const log = (msg: string) => console.log(`[supplies seed] ${msg}`);

/** [name, category, unit, spec, value in fen] — two specs each make the ~100 items. */
const ITEM_BASES: [string, string, string, string[], number][] = [
  ['方便面', 'food', '箱', ['红烧牛肉 24 袋', '香辣 24 袋'], 6_000],
  ['自热米饭', 'food', '箱', ['12 盒', '6 盒'], 18_000],
  ['八宝粥', 'food', '箱', ['360g×12', '280g×24'], 5_500],
  ['面包', 'food', '箱', ['全麦 30 只', '奶香 30 只'], 4_800],
  ['饼干', 'food', '箱', ['苏打 2kg', '夹心 2kg'], 6_600],
  ['火腿肠', 'food', '箱', ['40g×50', '60g×40'], 7_200],
  ['午餐肉罐头', 'food', '箱', ['340g×24', '198g×48'], 26_000],
  ['榨菜', 'food', '箱', ['80g×100', '60g×120'], 4_500],
  ['水果', 'food', '箱', ['苹果 10kg', '橙子 10kg'], 12_000],
  ['坚果礼包', 'food', '箱', ['每日坚果 30 袋', '混合 20 袋'], 9_900],
  ['矿泉水', 'drink', '箱', ['550ml×24', '1.5L×12'], 3_000],
  ['牛奶', 'drink', '箱', ['250ml×24', '200ml×24'], 6_500],
  ['运动饮料', 'drink', '箱', ['500ml×15', '600ml×15'], 7_500],
  ['速溶咖啡', 'drink', '盒', ['30 条', '50 条'], 6_800],
  ['茶包', 'drink', '盒', ['红茶 100 包', '绿茶 100 包'], 4_200],
  ['短袖T恤', 'clothing', '件', ['L 码', 'XL 码'], 3_900],
  ['长袖T恤', 'clothing', '件', ['L 码', 'XL 码'], 4_900],
  ['运动裤', 'clothing', '条', ['L 码', 'XL 码'], 6_900],
  ['袜子', 'clothing', '包', ['棉袜 10 双', '船袜 10 双'], 3_500],
  ['内衣套装', 'clothing', '套', ['男款', '女款'], 5_900],
  ['拖鞋', 'clothing', '双', ['41 码', '38 码'], 1_900],
  ['毛巾', 'daily', '条', ['纯棉 34×76', '浴巾 70×140'], 1_500],
  ['牙刷牙膏套装', 'daily', '套', ['成人', '旅行装'], 1_200],
  ['洗发水', 'daily', '瓶', ['750ml', '400ml'], 4_500],
  ['沐浴露', 'daily', '瓶', ['750ml', '400ml'], 3_900],
  ['洗衣液', 'daily', '瓶', ['3kg', '1kg'], 4_900],
  ['晾衣绳', 'daily', '根', ['5 米', '10 米'], 900],
  ['衣架', 'daily', '包', ['20 只', '10 只'], 1_500],
  ['纸巾', 'daily', '提', ['抽纸 10 包', '卷纸 10 卷'], 2_900],
  ['湿巾', 'daily', '包', ['80 抽', '独立装 50 片'], 1_600],
  ['充电宝', 'appliance', '个', ['10000mAh', '20000mAh'], 9_900],
  ['电热水壶', 'appliance', '台', ['1.7L', '1.2L'], 8_900],
  ['电吹风', 'appliance', '台', ['1200W', '1800W'], 7_900],
  ['电风扇', 'appliance', '台', ['台式', '落地'], 12_900],
  ['插线板', 'appliance', '个', ['6 位 3 米', '4 位 1.8 米'], 4_900],
  ['医用外科口罩', 'medical', '箱', ['50 只×20 盒', '10 只×50 包'], 30_000],
  ['N95 口罩', 'medical', '箱', ['独立装 200 只', '头戴式 400 只'], 120_000],
  ['防护服', 'medical', '件', ['175 码', '180 码'], 9_800],
  ['护目镜', 'medical', '副', ['防雾', '可调节'], 2_500],
  ['面屏', 'medical', '个', ['一次性', '可重复'], 800],
  ['医用手套', 'medical', '盒', ['丁腈 M 码 100 只', '乳胶 L 码 100 只'], 4_500],
  ['消毒液', 'medical', '桶', ['84 消毒液 5L', '含氯 10L'], 5_500],
  ['免洗洗手液', 'medical', '瓶', ['500ml', '100ml'], 2_200],
  ['鞋套', 'medical', '包', ['100 只', '加厚 50 只'], 1_800],
  ['生日礼盒', 'gift', '份', ['蛋糕券+鲜花', '蛋糕券+礼品'], 19_900],
  ['慰问礼包', 'gift', '份', ['粮油', '零食'], 16_800],
  ['护手霜', 'gift', '支', ['50g', '30g×3'], 2_900],
  ['保温杯', 'gift', '个', ['500ml', '350ml'], 8_900],
  ['眼罩耳塞套装', 'other', '套', ['蒸汽眼罩 10 片', '遮光眼罩'], 3_900],
  ['折叠床', 'other', '张', ['单人', '加宽'], 29_900],
];

export interface SupplyBenchSession {
  userId: number;
  orgId: number;
  /** `Cookie` header value. */
  cookie: string;
  csrf: string;
}

export interface SupplyBenchSeed {
  hubId: number;
  hubPath: string;
  units: { id: number; name: string; pointIds: number[] }[];
  /** Catalogue items with plenty of stock (the scarce items of the race are created per run). */
  itemIds: number[];
  cadres: SupplyBenchSession[];
  reviewers: SupplyBenchSession[];
  counts: { units: number; points: number; items: number; requests: number; ledger: number };
  seeded: boolean;
  seconds: number;
}

/** The session row id of a cookie token (as sessions.ts stores it). */
const sessionId = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A small deterministic PRNG (mulberry32), so every seeded database holds the same history. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
  };
}

type Client = pg.Client;

async function insertOrg(c: Client, parent: { id: number; path: string }, type: string, name: string) {
  const r = await c.query<{ id: number }>(
    `insert into orgs (parent_id, type, name, path, depth)
     values ($1, $2, $3, 'tmp.supplies', array_length(string_to_array($4, '.'), 1)) returning id`,
    [parent.id, type, name, parent.path],
  );
  const id = r.rows[0]?.id;
  if (!id) throw new Error('org insert failed');
  const path = `${parent.path}.${id}`;
  await c.query('update orgs set path = $2 where id = $1', [id, path]);
  return { id, path, name };
}

/** Pre-allocate n ids of a serial column's sequence (the ledger rows refer to them before insert). */
async function nextIds(c: Client, table: string, n: number): Promise<number[]> {
  const r = await c.query<{ id: string }>(
    `select nextval(pg_get_serial_sequence($1, 'id'))::text as id from generate_series(1, $2::int)`,
    [table, n],
  );
  return r.rows.map((x) => Number(x.id));
}

const beijingStamp = (at: number) =>
  new Date(at + 8 * HOUR_MS).toISOString().slice(0, 10).replaceAll('-', '');

/** The hub, units, points, partners, items and history: once per bench database. */
async function seedOnce(c: Client, root: { id: number; path: string }) {
  const R = rng(20_260_126);
  const hub = await insertOrg(c, root, 'municipal', SUPPLY_HUB_NAME);
  const units: { id: number; path: string; name: string; kind: 'hospital' | 'district' }[] = [];
  for (let i = 1; i <= HOSPITALS; i++) {
    units.push({
      ...(await insertOrg(c, hub, 'grassroots', `上海市第${i}示范医院工会`)),
      kind: 'hospital',
    });
  }
  for (const d of DISTRICTS) {
    units.push({ ...(await insertOrg(c, hub, 'county', `${d}医务工会`)), kind: 'district' });
  }
  const suppliers = [
    await insertOrg(c, hub, 'supplier', '申城示范供应链有限公司（基准测试）'),
    await insertOrg(c, hub, 'donor', '沪上爱心食品有限公司（基准测试）'),
    await insertOrg(c, hub, 'donor', '东方爱心医疗器械有限公司（基准测试）'),
  ];
  const logistics = await insertOrg(c, hub, 'logistics', '申城示范物流有限公司（基准测试）');

  // ---- points: three per hospital (本部, 方舱, 医疗队驻地), two per district union
  const phoneEnc = 'bench-placeholder';
  const pointRows: { orgId: number; orgPath: string; name: string; kind: string }[] = [];
  for (const u of units) {
    const base = u.name.replace(/工会$/, '');
    if (u.kind === 'hospital') {
      pointRows.push({ orgId: u.id, orgPath: u.path, name: `${base}（本部）`, kind: 'designated_hospital' });
      pointRows.push({ orgId: u.id, orgPath: u.path, name: `${base}方舱医院`, kind: 'field_hospital' });
      pointRows.push({ orgId: u.id, orgPath: u.path, name: `${base}医疗队驻地`, kind: 'lodging' });
    } else {
      pointRows.push({ orgId: u.id, orgPath: u.path, name: `${base}集中隔离点`, kind: 'other' });
      pointRows.push({ orgId: u.id, orgPath: u.path, name: `${base}医疗队驻地`, kind: 'lodging' });
    }
  }
  const points = await c.query<{ id: number; org_id: number; org_path: string }>(
    `insert into supply_points (org_id, org_path, name, kind, address, contact_name, contact_phone_enc)
     select org_id, org_path, name, kind, '上海市' || name || ' 物资接收处', '联系人', $5
     from unnest($1::int[], $2::text[], $3::text[], $4::text[]) as p(org_id, org_path, name, kind)
     returning id, org_id, org_path`,
    [
      pointRows.map((p) => p.orgId),
      pointRows.map((p) => p.orgPath),
      pointRows.map((p) => p.name),
      pointRows.map((p) => p.kind),
      phoneEnc,
    ],
  );

  // ---- items: two specs of each base; 4 in 5 from a partner, the rest bought by the union
  const items: { id: number; valueFen: number; stock: number }[] = [];
  const itemRows = ITEM_BASES.flatMap(([name, category, unit, specs, fen], b) =>
    specs.map((spec, s) => {
      const supplier = (b + s) % 5 === 4 ? null : (suppliers[(b + s) % suppliers.length] ?? null);
      return {
        name: s === 0 ? name : `${name}（${spec}）`,
        category,
        unit,
        spec,
        fen: fen + s * 300,
        supplierId: supplier?.id ?? null,
        source: supplier ? 'partner' : 'union_purchase',
      };
    }),
  );
  const itemIns = await c.query<{ id: number; unit_value_fen: number }>(
    `insert into supply_items (hub_org_id, hub_org_path, supplier_org_id, source, name, category, unit, spec,
       unit_value_fen, created_at)
     select $1, $2, supplier_id, source, name, category, unit, spec, fen, now() - interval '90 days'
     from unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])
       with ordinality as i(supplier_id, source, name, category, unit, spec, fen, ord)
     order by ord
     returning id, unit_value_fen`,
    [
      hub.id,
      hub.path,
      itemRows.map((i) => i.supplierId),
      itemRows.map((i) => i.source),
      itemRows.map((i) => i.name),
      itemRows.map((i) => i.category),
      itemRows.map((i) => i.unit),
      itemRows.map((i) => i.spec),
      itemRows.map((i) => i.fen),
    ],
  );
  for (const row of itemIns.rows) {
    items.push({ id: row.id, valueFen: row.unit_value_fen, stock: R.int(20, 60) * 1_000 });
  }

  // ---- history: requests over the last 60 days; the most recent still open
  const now = Date.now();
  const reqIds = await nextIds(c, 'supply_requests', HISTORY_REQUESTS);
  const pointsByOrg = new Map<number, { id: number; org_id: number; org_path: string }[]>();
  for (const p of points.rows) pointsByOrg.set(p.org_id, [...(pointsByOrg.get(p.org_id) ?? []), p]);
  interface Req {
    id: number;
    code: string;
    orgId: number;
    orgPath: string;
    pointId: number;
    state: string;
    urgency: string;
    staff: number;
    channel: string;
    submitted: number;
    reviewed: number | null;
    completed: number | null;
  }
  interface Line {
    requestId: number;
    itemId: number;
    requested: number;
    approved: number | null;
    shipped: number;
    received: number;
    state: string;
    reduceReason: string | null;
    closeReason: string | null;
  }
  interface Ship {
    requestIdx: number;
    state: string;
    departed: number | null;
    delivered: number | null;
  }
  const reqs: Req[] = [];
  const lines: Line[] = [];
  const ships: Ship[] = [];
  /** Ledger events per item, ordered later by time. */
  const events: {
    itemId: number;
    at: number;
    kind: 'received' | 'reserved' | 'shipped';
    q: number;
    requestId: number | null;
    lineIdx: number | null;
    shipIdx: number | null;
    reason: string;
  }[] = [];
  for (const item of items) {
    events.push({
      itemId: item.id,
      at: now - 90 * DAY_MS,
      kind: 'received',
      q: item.stock,
      requestId: null,
      lineIdx: null,
      shipIdx: null,
      reason: '爱心企业捐赠入库',
    });
  }
  for (let i = 0; i < HISTORY_REQUESTS; i++) {
    const id = reqIds[i] as number;
    const unit = R.pick(units);
    const point = R.pick(pointsByOrg.get(unit.id) ?? []);
    const roll = R.next();
    // The newest requests are the open ones.
    const state =
      roll < 0.05
        ? 'submitted'
        : roll < 0.1
          ? 'approved'
          : roll < 0.17
            ? 'dispatching'
            : roll < 0.22
              ? 'rejected'
              : roll < 0.26
                ? 'withdrawn'
                : 'completed';
    const ageDays =
      state === 'submitted' ? R.next() * 1 : state === 'approved' ? 1 + R.next() * 2 : 2 + R.next() * 58;
    const submitted = now - ageDays * DAY_MS;
    const u = R.next();
    const urgency = u < 0.15 ? 'critical' : u < 0.5 ? 'urgent' : 'normal';
    const speed = urgency === 'critical' ? 0.4 : urgency === 'urgent' ? 0.7 : 1;
    const reviewed =
      state === 'submitted' || state === 'withdrawn' ? null : submitted + R.int(20, 300) * 60_000 * speed;
    const departed =
      state === 'dispatching' || state === 'completed'
        ? (reviewed ?? submitted) + R.int(1, 12) * HOUR_MS * speed
        : null;
    const delivered = state === 'completed' && departed ? departed + R.int(2, 30) * HOUR_MS * speed : null;
    reqs.push({
      id,
      code: `XQ${beijingStamp(submitted)}-${String(id).padStart(5, '0')}`,
      orgId: unit.id,
      orgPath: unit.path,
      pointId: point.id,
      state,
      urgency,
      staff: R.int(10, 200),
      channel: R.next() < 0.12 ? 'hotline' : 'online',
      submitted,
      reviewed,
      completed: delivered,
    });
    let shipIdx: number | null = null;
    if (departed) {
      shipIdx = ships.length;
      ships.push({ requestIdx: i, state: delivered ? 'delivered' : 'in_transit', departed, delivered });
    }
    const n = R.int(1, 4);
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(R.pick(items).id);
    for (const itemId of chosen) {
      const requested = R.int(1, 20) * 5;
      const approvedState = state === 'approved' || state === 'dispatching' || state === 'completed';
      const reduced = approvedState && R.next() < 0.08;
      const approved = approvedState ? (reduced ? Math.floor(requested / 2) : requested) : null;
      const shipped = shipIdx !== null && approved ? approved : 0;
      const short = delivered !== null && shipped > 0 && R.next() < 0.03;
      const received = delivered !== null ? (short ? shipped - 1 : shipped) : 0;
      const lineIdx = lines.length;
      lines.push({
        requestId: id,
        itemId,
        requested,
        approved,
        shipped,
        received,
        state: approved === 0 ? 'closed' : delivered !== null ? (short ? 'closed' : 'received') : 'open',
        reduceReason: reduced ? '库存紧张，按半数核定' : null,
        closeReason: short ? '运输途中破损 1 件' : approved === 0 ? '库存紧张，按半数核定' : null,
      });
      if (approved && reviewed) {
        events.push({
          itemId,
          at: reviewed,
          kind: 'reserved',
          q: approved,
          requestId: id,
          lineIdx,
          shipIdx: null,
          reason: `审核通过 ${reqs[i]?.code}`,
        });
        if (shipped && departed) {
          events.push({
            itemId,
            at: departed,
            kind: 'shipped',
            q: shipped,
            requestId: id,
            lineIdx,
            shipIdx,
            reason: '配送出库',
          });
        }
      }
    }
  }

  // ---- insert requests, lines, shipments, shipment lines
  await c.query(
    `insert into supply_requests (id, code, org_id, org_path, hub_org_id, hub_org_path, point_id, state, urgency,
       staff_served, channel, caller_name, submitted_at, reviewed_at, completed_at, created_at, updated_at)
     select id, code, org_id, org_path, $1, $2, point_id, state, urgency, staff, channel,
       case when channel = 'hotline' then '来电人' end,
       to_timestamp(submitted / 1000.0), to_timestamp(reviewed / 1000.0), to_timestamp(completed / 1000.0),
       to_timestamp(submitted / 1000.0), to_timestamp(coalesce(completed, reviewed, submitted) / 1000.0)
     from unnest($3::int[], $4::text[], $5::int[], $6::text[], $7::int[], $8::text[], $9::text[], $10::int[],
       $11::text[], $12::float8[], $13::float8[], $14::float8[])
       as r(id, code, org_id, org_path, point_id, state, urgency, staff, channel, submitted, reviewed, completed)`,
    [
      hub.id,
      hub.path,
      reqs.map((r) => r.id),
      reqs.map((r) => r.code),
      reqs.map((r) => r.orgId),
      reqs.map((r) => r.orgPath),
      reqs.map((r) => r.pointId),
      reqs.map((r) => r.state),
      reqs.map((r) => r.urgency),
      reqs.map((r) => r.staff),
      reqs.map((r) => r.channel),
      reqs.map((r) => r.submitted),
      reqs.map((r) => r.reviewed),
      reqs.map((r) => r.completed),
    ],
  );
  const lineIds = await nextIds(c, 'supply_request_lines', lines.length);
  await c.query(
    `insert into supply_request_lines (id, request_id, item_id, requested, approved, shipped, received, state,
       reduce_reason, close_reason)
     select * from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[],
       $8::text[], $9::text[], $10::text[])`,
    [
      lineIds,
      lines.map((l) => l.requestId),
      lines.map((l) => l.itemId),
      lines.map((l) => l.requested),
      lines.map((l) => l.approved),
      lines.map((l) => l.shipped),
      lines.map((l) => l.received),
      lines.map((l) => l.state),
      lines.map((l) => l.reduceReason),
      lines.map((l) => l.closeReason),
    ],
  );
  const shipIds = await nextIds(c, 'supply_shipments', ships.length);
  const shipReq = ships.map((s) => reqs[s.requestIdx] as Req);
  await c.query(
    `insert into supply_shipments (id, code, hub_org_id, hub_org_path, partner_org_id, point_id, unit_org_path,
       state, urgency, vehicle_plate, driver_name, driver_tested_at, disinfection, departed_at, delivered_at,
       recipient_name, created_at, updated_at)
     select id, 'PS' || to_char(to_timestamp(departed / 1000.0) at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-'
         || lpad(id::text, 5, '0'),
       $1, $2, $3, point_id, unit_path, state, urgency, '沪A' || lpad((10000 + id % 90000)::text, 5, '0'),
       '司机' || (id % 40 + 1), to_timestamp(departed / 1000.0) - interval '20 hours',
       '["cargo_area","packaging","driver_protection","loaders_tested"]'::jsonb,
       to_timestamp(departed / 1000.0), to_timestamp(delivered / 1000.0),
       case when delivered is not null then '签收人' end,
       to_timestamp(departed / 1000.0) - interval '1 hour', to_timestamp(coalesce(delivered, departed) / 1000.0)
     from unnest($4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::float8[], $10::float8[])
       as s(id, point_id, unit_path, state, urgency, departed, delivered)`,
    [
      hub.id,
      hub.path,
      logistics.id,
      shipIds,
      shipReq.map((r) => r.pointId),
      shipReq.map((r) => r.orgPath),
      ships.map((s) => s.state),
      shipReq.map((r) => r.urgency),
      ships.map((s) => s.departed),
      ships.map((s) => s.delivered),
    ],
  );
  const shipOfRequest = new Map(ships.map((s, k) => [(reqs[s.requestIdx] as Req).id, shipIds[k] as number]));
  const shippedLines = lines.map((l, k) => ({ l, id: lineIds[k] as number })).filter((x) => x.l.shipped > 0);
  await c.query(
    `insert into supply_shipment_lines (shipment_id, request_id, request_line_id, item_id, quantity, received)
     select * from unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[])`,
    [
      shippedLines.map((x) => shipOfRequest.get(x.l.requestId)),
      shippedLines.map((x) => x.l.requestId),
      shippedLines.map((x) => x.id),
      shippedLines.map((x) => x.l.itemId),
      shippedLines.map((x) => x.l.shipped),
      shippedLines.map((x) => {
        const req = reqs.find((r) => r.id === x.l.requestId);
        return req?.state === 'completed' ? x.l.received : null;
      }),
    ],
  );

  // ---- the ledger: per item in time order, with the running balances after each entry
  const kindOrder = { received: 0, reserved: 1, shipped: 2 } as const;
  events.sort((a, b) => a.itemId - b.itemId || a.at - b.at || kindOrder[a.kind] - kindOrder[b.kind]);
  const rows: {
    itemId: number;
    seq: number;
    kind: string;
    q: number;
    onHand: number;
    reserved: number;
    reason: string;
    requestId: number | null;
    lineId: number | null;
    shipmentId: number | null;
    at: number;
  }[] = [];
  let current = -1;
  let seq = 0;
  let onHand = 0;
  let reserved = 0;
  for (const e of events) {
    if (e.itemId !== current) {
      current = e.itemId;
      seq = 0;
      onHand = 0;
      reserved = 0;
    }
    seq += 1;
    if (e.kind === 'received') onHand += e.q;
    if (e.kind === 'reserved') reserved += e.q;
    if (e.kind === 'shipped') {
      onHand -= e.q;
      reserved -= e.q;
    }
    if (onHand < reserved || reserved < 0)
      throw new Error(`history ledger of item ${e.itemId} goes negative`);
    rows.push({
      itemId: e.itemId,
      seq,
      kind: e.kind,
      q: e.q,
      onHand,
      reserved,
      reason: e.reason,
      requestId: e.requestId,
      lineId: e.lineIdx === null ? null : (lineIds[e.lineIdx] ?? null),
      shipmentId: e.shipIdx === null ? null : (shipIds[e.shipIdx] ?? null),
      at: e.at,
    });
  }
  await c.query(
    `insert into supply_stock_entries (item_id, seq, kind, quantity, on_hand_after, reserved_after, reason,
       request_id, request_line_id, shipment_id, actor_name, created_at)
     select item_id, seq, kind, q, on_hand, reserved, reason, request_id, line_id, shipment_id, '基准测试',
       to_timestamp(at / 1000.0)
     from unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::int[],
       $9::int[], $10::int[], $11::float8[])
       as e(item_id, seq, kind, q, on_hand, reserved, reason, request_id, line_id, shipment_id, at)`,
    [
      rows.map((r) => r.itemId),
      rows.map((r) => r.seq),
      rows.map((r) => r.kind),
      rows.map((r) => r.q),
      rows.map((r) => r.onHand),
      rows.map((r) => r.reserved),
      rows.map((r) => r.reason),
      rows.map((r) => r.requestId),
      rows.map((r) => r.lineId),
      rows.map((r) => r.shipmentId),
      rows.map((r) => r.at),
    ],
  );

  // ---- accounts: a cadre per unit, reviewers at the hub (one argon2 hash shared)
  const hash = await hashPassword(BENCH_PASSWORD);
  await c.query(
    `insert into users (username, display_name, org_id, password_hash)
     select 'benchsupply_u' || lpad(ord::text, 2, '0'), name || '干部', id, $3
     from unnest($1::int[], $2::text[]) with ordinality as u(id, name, ord)`,
    [units.map((u) => u.id), units.map((u) => u.name), hash],
  );
  await c.query(
    `insert into users (username, display_name, org_id, password_hash)
     select 'benchsupply_rev' || lpad(g::text, 2, '0'), '审核员' || g, $2, $3
     from generate_series(1, $1::int) g`,
    [REVIEWERS, hub.id, hash],
  );
  await c.query(
    `insert into memberships (user_id, org_id, role)
     select id, org_id, case when username like 'benchsupply_rev%' then 'reviewer' else 'cadre' end
     from users where username like 'benchsupply\\_%'`,
  );
  log(
    `created ${SUPPLY_HUB_NAME}: ${units.length} units, ${points.rowCount} points, ${items.length} items, ` +
      `${reqs.length} requests (${lines.length} lines, ${ships.length} shipments), ${rows.length} ledger entries`,
  );
  return hub;
}

export async function seedSupplies(databaseUrl: string): Promise<SupplyBenchSeed> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    const root = (
      await client.query<{ id: number; path: string }>(
        'select id, path from orgs where name = $1 and parent_id is null',
        [BENCH_ROOT_NAME],
      )
    ).rows[0];
    if (!root) throw new Error('bench root org missing (bench/seed.ts runs first)');
    let hub = (
      await client.query<{ id: number; path: string }>(
        'select id, path from orgs where name = $1 and parent_id = $2',
        [SUPPLY_HUB_NAME, root.id],
      )
    ).rows[0];
    const seeded = !hub;
    if (!hub) hub = await seedOnce(client, root);

    const units = (
      await client.query<{ id: number; name: string; point_ids: number[] }>(
        `select o.id, o.name, array_agg(p.id order by p.id) as point_ids
         from orgs o join supply_points p on p.org_id = o.id
         where o.parent_id = $1 group by o.id, o.name order by o.id`,
        [hub.id],
      )
    ).rows.map((u) => ({ id: u.id, name: u.name, pointIds: u.point_ids }));
    // Items of the seeded catalogue (the per-run scarce items carry 基准测试 in their name).
    const itemIds = (
      await client.query<{ id: number }>(
        `select id from supply_items where hub_org_id = $1 and name not like '%（抢购测试%' order by id`,
        [hub.id],
      )
    ).rows.map((r) => r.id);

    // ---- every run: fresh sessions (earlier ones revoked)
    await client.query(
      `update sessions set revoked_at = now()
       where revoked_at is null and user_id in (select id from users where username like 'benchsupply\\_%')`,
    );
    const accounts = (
      await client.query<{ user_id: number; membership_id: number; org_id: number; role: string }>(
        `select u.id as user_id, m.id as membership_id, m.org_id, m.role from users u
         join memberships m on m.user_id = u.id
         where u.username like 'benchsupply\\_%' order by u.username`,
      )
    ).rows;
    const sessions = accounts.map((a) => ({
      ...a,
      token: randomBytes(32).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
    }));
    await client.query(
      `insert into sessions (id, user_id, membership_id, csrf_token, expires_at)
       select id, user_id, membership_id, csrf, now() + interval '1 day'
       from unnest($1::text[], $2::int[], $3::int[], $4::text[]) as s(id, user_id, membership_id, csrf)`,
      [
        sessions.map((s) => sessionId(s.token)),
        sessions.map((s) => s.user_id),
        sessions.map((s) => s.membership_id),
        sessions.map((s) => s.csrf),
      ],
    );
    const toSession = (s: (typeof sessions)[number]): SupplyBenchSession => ({
      userId: s.user_id,
      orgId: s.org_id,
      cookie: `nj_session=${s.token}`,
      csrf: s.csrf,
    });
    const counts = (
      await client.query<{ points: number; items: number; requests: number; ledger: number }>(
        `select
           (select count(*)::int from supply_points where org_path like $2) as points,
           (select count(*)::int from supply_items where hub_org_id = $1) as items,
           (select count(*)::int from supply_requests where hub_org_id = $1) as requests,
           (select count(*)::int from supply_stock_entries e join supply_items i on i.id = e.item_id
             where i.hub_org_id = $1) as ledger`,
        [hub.id, `${hub.path}.%`],
      )
    ).rows[0];
    await client.query('commit');
    await client.query(
      'analyze supply_items, supply_stock_entries, supply_points, supply_requests, supply_request_lines, sessions',
    );
    return {
      hubId: hub.id,
      hubPath: hub.path,
      units,
      itemIds,
      cadres: sessions.filter((s) => s.role === 'cadre').map(toSession),
      reviewers: sessions.filter((s) => s.role === 'reviewer').map(toSession),
      counts: {
        units: units.length,
        points: counts?.points ?? 0,
        items: counts?.items ?? 0,
        requests: counts?.requests ?? 0,
        ledger: counts?.ledger ?? 0,
      },
      seeded,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
}
