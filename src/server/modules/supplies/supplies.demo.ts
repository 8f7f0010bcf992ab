import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Role } from '../../../shared/auth.ts';
import type { OrgType } from '../../../shared/orgs.ts';
import {
  disinfectionChecks,
  type ItemCategory,
  type PointKind,
  type RequestState,
  type TRequest,
  type TShipment,
  type Urgency,
} from '../../../shared/supplies.ts';
import { memberships, users } from '../../platform/auth/auth.table.ts';
import type { Ctx, Deps } from '../../platform/context.ts';
import { orgs } from '../../platform/orgs/orgs.table.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { adjustStock, createItem, receiveStock, setItemState } from './catalogue.service.ts';
import { createPoint, setPointActive } from './points.service.ts';
import {
  approveRequest,
  getRequest,
  rejectRequest,
  requestTemplate,
  submitHotlineRequest,
  submitRequest,
  withdrawRequest,
} from './requests.service.ts';
import {
  closeRequestLine,
  deliverShipment,
  departShipment,
  dispatchRequests,
  failShipment,
  markInTransit,
} from './shipments.service.ts';
import {
  convertSpecialRequest,
  declineSpecialRequest,
  fileSpecialRequest,
  sourceSpecialRequest,
} from './special.service.ts';
import {
  supplyItems,
  supplyPoints,
  supplyRequests,
  supplyShipmentLines,
  supplyShipments,
  supplySpecialRequests,
} from './supplies.table.ts';

/**
 * 服务热线平台 demo data (issue #6, after seed 003), invented: the catalogue of 上海市医务工会 (about a
 * hundred items, most put online by 申城示范供应链有限公司, a few bought by the union; stock received
 * through the ledger, one stock-taking correction, one item off the shelf, one not yet open, one
 * whose window ended), eighteen delivery points of the three demo hospitals, the two district medical
 * unions and the city union itself (medical teams' lodgings, field hospitals), thirty-four requests in
 * every state — hospital requests online, others taken by 陈热线 on the hotline, one copied from an
 * earlier order, one short line closed with a reason, one shipment in 异常 — and four special requests
 * (the 45 birthday boxes for 广西援沪医疗队, converted and delivered; 晾衣绳 being sourced; one
 * declined; one open).
 *
 * Everything goes through the module's own use cases (rules, ledger, timelines, audit,
 * notifications); afterwards each request's story is moved back over the last four weeks (timelines,
 * the rows' own times, the notifications). The ledger is append-only, so its entries keep the time of
 * seeding, and the codes (XQ/PS + day) keep the day of seeding too, as the ledger's reasons quote them.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------- catalogue

/** name, category, unit, spec, unit value (yuan), stock, per-request limit */
type ItemSpec = [string, ItemCategory, string, string | null, number, number, number | null];

/** Put online by 申城示范供应链有限公司. */
const SUPPLIER_ITEMS: ItemSpec[] = [
  ['纯牛奶', 'drink', '箱', '250ml×24盒', 68, 1200, null],
  ['高钙牛奶', 'drink', '箱', '250ml×12盒', 45, 600, null],
  ['酸奶', 'drink', '箱', '200g×12瓶', 58, 800, null],
  ['常温酸奶', 'drink', '箱', '205g×12盒', 66, 500, null],
  ['可乐', 'drink', '箱', '330ml×24罐', 55, 600, null],
  ['雪碧', 'drink', '箱', '330ml×24罐', 55, 400, null],
  ['咖啡（罐装）', 'drink', '箱', '180ml×24罐', 120, 300, 50],
  ['速溶咖啡', 'drink', '盒', '15g×30条', 59, 400, 50],
  ['矿泉水', 'drink', '箱', '550ml×24瓶', 30, 3000, null],
  ['苏打水', 'drink', '箱', '410ml×15瓶', 48, 400, null],
  ['功能饮料', 'drink', '箱', '250ml×24罐', 110, 300, 50],
  ['绿茶饮料', 'drink', '箱', '500ml×15瓶', 45, 500, null],
  ['豆奶', 'drink', '箱', '250ml×16盒', 40, 400, null],
  ['橙汁', 'drink', '箱', '1L×6瓶', 72, 300, null],
  ['袋泡茶', 'drink', '盒', '2g×100包', 35, 300, null],
  ['椰汁', 'drink', '箱', '245ml×24罐', 60, 300, null],
  ['电解质水', 'drink', '箱', '600ml×15瓶', 85, 400, null],
  ['方便面', 'food', '箱', '桶装 12桶', 48, 1500, null],
  ['自热米饭', 'food', '盒', '375g 多口味', 15, 3000, null],
  ['自热火锅', 'food', '盒', '400g 麻辣/番茄', 22, 1200, null],
  ['巧克力', 'food', '盒', '牛奶巧克力 12条装', 45, 600, null],
  ['饼干', 'food', '箱', '苏打饼干 2kg', 50, 500, null],
  ['面包', 'food', '箱', '手撕面包 1kg（短保）', 60, 400, null],
  ['八宝粥', 'food', '箱', '360g×12罐', 42, 600, null],
  ['火腿肠', 'food', '箱', '30g×50支', 55, 500, null],
  ['卤蛋', 'food', '箱', '30g×60枚', 48, 400, null],
  ['每日坚果', 'food', '盒', '25g×30袋', 99, 400, 60],
  ['压缩饼干', 'food', '箱', '125g×24袋', 65, 300, null],
  ['挂面', 'food', '箱', '1kg×10袋', 40, 300, null],
  ['大米', 'food', '袋', '东北大米 10kg', 65, 400, 50],
  ['食用油', 'food', '桶', '5L', 75, 300, 30],
  ['榨菜', 'food', '箱', '80g×40袋', 30, 300, null],
  ['午餐肉罐头', 'food', '箱', '340g×12罐', 96, 300, null],
  ['能量棒', 'food', '盒', '40g×12支', 59, 300, null],
  ['燕麦片', 'food', '罐', '1kg', 35, 300, null],
  ['牛肉干', 'food', '袋', '200g', 45, 300, null],
  ['蛋黄派', 'food', '箱', '23g×30枚', 38, 300, null],
  ['苹果', 'food', '箱', '5kg 约20个', 60, 300, null],
  ['橙子', 'food', '箱', '5kg', 65, 300, null],
  ['一次性内衣（男款）', 'clothing', '包', '纯棉 5条装 L/XL', 25, 1200, null],
  ['一次性内衣（女款）', 'clothing', '包', '纯棉 5条装 M/L', 25, 1200, null],
  ['袜子', 'clothing', '包', '棉袜 10双装', 30, 1500, null],
  ['短袖T恤', 'clothing', '件', '纯棉 L/XL/XXL', 35, 800, 300],
  ['长袖T恤', 'clothing', '件', '纯棉 L/XL/XXL', 45, 500, 300],
  ['运动裤', 'clothing', '条', '加大码', 60, 500, 300],
  ['拖鞋', 'clothing', '双', '防滑 41–44码', 15, 1200, null],
  ['毛巾', 'clothing', '条', '纯棉 34×76cm', 12, 2000, null],
  ['浴巾', 'clothing', '条', '70×140cm', 35, 600, null],
  ['睡衣', 'clothing', '套', '纯棉 长袖', 80, 400, null],
  ['薄外套', 'clothing', '件', '防风 L/XL', 120, 200, 100],
  ['女性用品', 'daily', '箱', '日夜用卫生巾组合 20包', 60, 800, null],
  ['护理垫', 'daily', '包', '60×90cm 10片', 28, 300, null],
  ['洗漱包', 'daily', '套', '牙刷、牙膏、毛巾、香皂', 25, 1500, null],
  ['洗发水', 'daily', '瓶', '400ml', 45, 500, null],
  ['沐浴露', 'daily', '瓶', '500ml', 40, 500, null],
  ['洗衣液', 'daily', '瓶', '3kg', 50, 500, null],
  ['洗衣凝珠', 'daily', '盒', '52颗', 45, 300, null],
  ['晾衣夹', 'daily', '包', '20只装', 12, 400, null],
  ['衣架', 'daily', '包', '10只装 防滑', 15, 500, null],
  ['抽纸', 'daily', '箱', '3层 100抽×24包', 45, 800, null],
  ['卷纸', 'daily', '提', '4层 10卷', 35, 800, null],
  ['湿巾', 'daily', '包', '80抽', 8, 2000, null],
  ['垃圾袋', 'daily', '卷', '45×50cm 30只', 6, 1000, null],
  ['保温杯', 'daily', '个', '500ml 不锈钢', 59, 400, 200],
  ['充电宝', 'daily', '个', '10000mAh', 89, 300, 50],
  ['数据线', 'daily', '根', 'Type-C/Lightning 二合一', 19, 600, null],
  ['眼罩耳塞套装', 'daily', '套', '遮光眼罩+降噪耳塞', 15, 800, null],
  ['护手霜', 'daily', '支', '50g', 25, 800, null],
  ['润唇膏', 'daily', '支', '4g', 15, 800, null],
  ['指甲刀', 'daily', '个', '不锈钢', 10, 400, null],
  ['电动剃须刀', 'daily', '个', '充电式', 49, 200, 50],
  ['电蚊香', 'daily', '盒', '1器+2瓶液', 20, 600, null],
  ['防潮垫', 'other', '张', '铝膜 180×100cm', 45, 300, null],
  ['折叠床', 'other', '张', '午休折叠床 承重150kg', 199, 150, 50],
  ['睡袋', 'other', '个', '春秋款 可拼接', 120, 200, 100],
  ['取暖器', 'appliance', '台', '油汀 13片 2200W', 199, 60, 30],
  ['微波炉', 'appliance', '台', '20L 机械式', 499, 40, 5],
  ['电热水壶', 'appliance', '个', '1.7L 304不锈钢', 89, 120, 20],
  ['电吹风', 'appliance', '个', '1800W 负离子', 99, 80, 20],
  ['电饭煲', 'appliance', '台', '4L', 259, 40, 10],
  ['电风扇', 'appliance', '台', '落地扇 5叶', 149, 100, 20],
  ['插线板', 'appliance', '个', '6位 3米', 49, 300, null],
  ['小冰箱', 'appliance', '台', '90L 单门', 899, 10, 2],
  ['N95口罩', 'medical', '盒', '独立包装 25只', 150, 800, 200],
  ['医用外科口罩', 'medical', '箱', '50只×20盒', 200, 300, null],
  ['防护服', 'medical', '套', '医用一次性', 45, 2000, null],
  ['护目镜', 'medical', '个', '防雾', 20, 600, null],
  ['防护面屏', 'medical', '个', '可调节', 8, 1000, null],
  ['乳胶手套', 'medical', '盒', '100只 M/L', 45, 600, null],
  ['含氯消毒液', 'medical', '桶', '5L', 60, 400, null],
  ['免洗洗手液', 'medical', '瓶', '500ml', 25, 1200, null],
  ['酒精湿巾', 'medical', '包', '75% 50抽', 10, 1500, null],
  ['鞋套', 'medical', '包', '加厚 100只', 15, 800, null],
  ['抗原检测试剂', 'medical', '盒', '20人份', 200, 300, 100],
  ['慰问礼包', 'gift', '份', '零食、水果、慰问卡', 200, 500, 200],
  ['护士节慰问礼盒', 'gift', '份', '护手霜、保温杯、贺卡', 168, 300, null],
  ['暖宝宝', 'daily', '盒', '10片装', 25, 300, null],
];

/** Bought by the union itself (工会采购). */
const UNION_ITEMS: ItemSpec[] = [
  ['橡皮筋', 'daily', '包', '发圈 50根', 8, 500, null],
  ['晾衣绳', 'daily', '根', '防滑 10米', 9.9, 30, 20],
  ['蚊帐', 'daily', '顶', '1.2米床 免安装', 69, 120, null],
];

const BIRTHDAY_BOX: ItemSpec = ['生日慰问礼盒', 'gift', '份', '蛋糕券、长寿面、贺卡', 128, 45, 45];

// ---------------------------------------------------------------- delivery points

type UnitKey = 'hosp1' | 'hosp2' | 'hosp3' | 'pd' | 'xh' | 'shmed';
const UNIT_NAMES: Record<UnitKey, string> = {
  hosp1: '上海市第一示范医院工会',
  hosp2: '上海市第二示范医院工会',
  hosp3: '上海市第三示范医院工会',
  pd: '浦东新区医务工会',
  xh: '徐汇区医务工会',
  shmed: '上海市医务工会',
};

interface PointSpec {
  key: string;
  unit: UnitKey;
  name: string;
  kind: PointKind;
  address: string;
  contactName: string;
  contactPhone: string;
  note?: string;
}

const POINTS: PointSpec[] = [
  {
    key: 'h1_main',
    unit: 'hosp1',
    name: '第一示范医院本部',
    kind: 'designated_hospital',
    address: '上海市黄浦区示范中路 101 号 后勤楼',
    contactName: '周护士长',
    contactPhone: '13917760101',
  },
  {
    key: 'h1_fever',
    unit: 'hosp1',
    name: '第一示范医院发热门诊',
    kind: 'designated_hospital',
    address: '上海市黄浦区示范中路 101 号 7 号楼',
    contactName: '许医生',
    contactPhone: '13917760102',
  },
  {
    key: 'h1_lodge',
    unit: 'hosp1',
    name: '第一示范医院医护休息驻地',
    kind: 'lodging',
    address: '上海市黄浦区示范东路 28 号 示范大酒店',
    contactName: '钟主任',
    contactPhone: '021-63100101',
    note: '请从酒店南门卸货',
  },
  {
    key: 'h2_ward',
    unit: 'hosp2',
    name: '第二示范医院定点救治院区',
    kind: 'designated_hospital',
    address: '上海市静安区示范北路 200 号',
    contactName: '吴护士长',
    contactPhone: '13917760201',
  },
  {
    key: 'h2_lodge',
    unit: 'hosp2',
    name: '第二示范医院医护驻地',
    kind: 'lodging',
    address: '上海市静安区示范西路 66 号 示范公寓',
    contactName: '郑老师',
    contactPhone: '13917760202',
  },
  {
    key: 'h3_main',
    unit: 'hosp3',
    name: '第三示范医院本部',
    kind: 'designated_hospital',
    address: '上海市长宁区示范南路 300 号',
    contactName: '孙科长',
    contactPhone: '13917760301',
  },
  {
    key: 'h3_fc',
    unit: 'hosp3',
    name: '第三示范医院援建方舱',
    kind: 'field_hospital',
    address: '上海市闵行区示范体育中心',
    contactName: '冯院感',
    contactPhone: '13917760302',
  },
  {
    key: 'pd_expo',
    unit: 'pd',
    name: '浦东示范博览中心方舱医院',
    kind: 'field_hospital',
    address: '上海市浦东新区示范博览路 2345 号 W3 馆',
    contactName: '蔡主席',
    contactPhone: '13917760401',
    note: '物资统一送 3 号门，凭配送单登记',
  },
  {
    key: 'pd_hub',
    unit: 'pd',
    name: '浦东新区医务工会物资中转点',
    kind: 'other',
    address: '上海市浦东新区示范大道 888 号 仓库 B',
    contactName: '黄干事',
    contactPhone: '13917760402',
  },
  {
    key: 'pd_gym',
    unit: 'pd',
    name: '浦东示范体育馆方舱医院',
    kind: 'field_hospital',
    address: '上海市浦东新区示范体育路 18 号',
    contactName: '陶队长',
    contactPhone: '13917760403',
  },
  {
    key: 'xh_fc',
    unit: 'xh',
    name: '徐汇示范方舱医院',
    kind: 'field_hospital',
    address: '上海市徐汇区示范滨江路 1500 号',
    contactName: '殷主任',
    contactPhone: '13917760501',
  },
  {
    key: 'xh_lodge',
    unit: 'xh',
    name: '徐汇区医护人员驻地',
    kind: 'lodging',
    address: '上海市徐汇区示范路 99 号 示范宾馆',
    contactName: '潘经理',
    contactPhone: '021-64200501',
  },
  {
    key: 'gx_team',
    unit: 'shmed',
    name: '广西援沪医疗队驻地',
    kind: 'lodging',
    address: '上海市青浦区示范湖路 66 号 示范酒店',
    contactName: '韦队长',
    contactPhone: '13977160601',
    note: '队员 45 人，联络员韦队长',
  },
  {
    key: 'js_team',
    unit: 'shmed',
    name: '江苏援沪医疗队驻地',
    kind: 'lodging',
    address: '上海市嘉定区示范园路 18 号',
    contactName: '顾领队',
    contactPhone: '13951760602',
  },
  {
    key: 'zj_team',
    unit: 'shmed',
    name: '浙江援沪医疗队驻地',
    kind: 'lodging',
    address: '上海市松江区示范新城路 520 号',
    contactName: '俞领队',
    contactPhone: '13957160603',
  },
  {
    key: 'expo_fc',
    unit: 'shmed',
    name: '示范会展中心方舱医院',
    kind: 'field_hospital',
    address: '上海市青浦区示范会展大道 333 号',
    contactName: '曹指挥',
    contactPhone: '13917760604',
  },
  {
    key: 'lg_fc',
    unit: 'shmed',
    name: '临港示范方舱医院',
    kind: 'field_hospital',
    address: '上海市浦东新区临港示范大道 100 号',
    contactName: '邵院长',
    contactPhone: '13917760605',
  },
  {
    key: 'shmed_wh',
    unit: 'shmed',
    name: '上海市医务工会物资中转仓',
    kind: 'other',
    address: '上海市闵行区示范物流园 8 号库',
    contactName: '袁干事',
    contactPhone: '021-54300606',
  },
];

// ---------------------------------------------------------------- requests

type Shipped = 'pending' | 'departed' | 'in_transit' | 'exception' | 'delivered';

interface RequestPlan {
  key: string;
  point: string;
  /** hosp1 cadre online, the union admin online (own points), or 陈热线 on the hotline. */
  by: 'hosp' | 'admin' | 'hotline';
  caller?: [string, string];
  urgency: Urgency;
  staff: number;
  daysAgo: number;
  note?: string;
  lines: [string, number][];
  to: RequestState;
  /** Reduced approvals: item → [approved, reason]. */
  reduce?: Record<string, [number, string]>;
  /** Where the shipment got to (dispatching and completed requests). */
  ship?: Shipped;
  /** Short receipts: item → received. */
  short?: Record<string, number>;
  /** Close the short line(s) with this reason afterwards. */
  closeShort?: string;
  reason?: string;
  copyOf?: string;
}

const PLAN: RequestPlan[] = [
  // ---- completed
  {
    key: 'c1',
    point: 'h1_main',
    by: 'hosp',
    urgency: 'urgent',
    staff: 320,
    daysAgo: 28,
    note: '封控期间医护人员留院值守，急需饮用水和方便食品',
    lines: [
      ['纯牛奶', 60],
      ['矿泉水', 100],
      ['方便面', 40],
    ],
    to: 'completed',
  },
  {
    key: 'c2',
    point: 'gx_team',
    by: 'admin',
    urgency: 'critical',
    staff: 45,
    daysAgo: 26,
    note: '广西援沪医疗队抵沪，生活用品需当日送达',
    lines: [
      ['一次性内衣（男款）', 90],
      ['一次性内衣（女款）', 60],
      ['袜子', 100],
      ['洗漱包', 45],
      ['拖鞋', 45],
    ],
    to: 'completed',
  },
  {
    key: 'c3',
    point: 'h2_ward',
    by: 'hotline',
    caller: ['吴护士长', '13917760201'],
    urgency: 'urgent',
    staff: 280,
    daysAgo: 24,
    lines: [
      ['自热米饭', 300],
      ['八宝粥', 30],
      ['巧克力', 40],
    ],
    to: 'completed',
  },
  {
    key: 'c4',
    point: 'pd_expo',
    by: 'hotline',
    caller: ['蔡主席', '13917760401'],
    urgency: 'critical',
    staff: 600,
    daysAgo: 22,
    note: '夜间气温低，方舱内需要取暖和热水',
    lines: [
      ['取暖器', 20],
      ['电热水壶', 20],
      ['插线板', 40],
    ],
    to: 'completed',
  },
  {
    key: 'c5',
    point: 'expo_fc',
    by: 'admin',
    urgency: 'critical',
    staff: 1200,
    daysAgo: 20,
    lines: [
      ['N95口罩', 100],
      ['防护服', 300],
      ['免洗洗手液', 200],
    ],
    to: 'completed',
    short: { 防护服: 260 },
    closeShort: '40 套运输途中外包装破损已报废，方舱已由市卫健委补足，不再补发',
  },
  {
    key: 'c6',
    point: 'h1_fever',
    by: 'hosp',
    urgency: 'urgent',
    staff: 150,
    daysAgo: 18,
    lines: [
      ['咖啡（罐装）', 20],
      ['功能饮料', 20],
      ['面包', 15],
    ],
    to: 'completed',
  },
  {
    key: 'c7',
    point: 'xh_fc',
    by: 'hotline',
    caller: ['殷主任', '13917760501'],
    urgency: 'urgent',
    staff: 500,
    daysAgo: 16,
    lines: [
      ['女性用品', 40],
      ['短袖T恤', 300],
      ['运动裤', 200],
    ],
    to: 'completed',
    reduce: { 短袖T恤: [200, '短袖T恤库存紧张，先配 200 件，其余待下批到货'] },
  },
  {
    key: 'c8',
    point: 'h3_fc',
    by: 'hotline',
    caller: ['冯院感', '13917760302'],
    urgency: 'normal',
    staff: 260,
    daysAgo: 14,
    lines: [
      ['微波炉', 4],
      ['电饭煲', 4],
      ['大米', 20],
    ],
    to: 'completed',
  },
  {
    key: 'c9',
    point: 'js_team',
    by: 'admin',
    urgency: 'normal',
    staff: 130,
    daysAgo: 12,
    lines: [
      ['洗衣液', 30],
      ['晾衣夹', 30],
      ['衣架', 40],
      ['橡皮筋', 20],
    ],
    to: 'completed',
  },
  {
    key: 'c10',
    point: 'h1_main',
    by: 'hosp',
    urgency: 'normal',
    staff: 320,
    daysAgo: 10,
    lines: [
      ['酸奶', 50],
      ['可乐', 30],
      ['饼干', 20],
    ],
    to: 'completed',
  },
  {
    key: 'c11',
    point: 'pd_hub',
    by: 'hotline',
    caller: ['黄干事', '13917760402'],
    urgency: 'urgent',
    staff: 800,
    daysAgo: 8,
    lines: [
      ['含氯消毒液', 60],
      ['乳胶手套', 80],
      ['医用外科口罩', 40],
    ],
    to: 'completed',
    reduce: { 医用外科口罩: [0, '医用外科口罩本周优先保障方舱医院，请改用已配发的 N95 口罩'] },
  },
  {
    key: 'c12',
    point: 'zj_team',
    by: 'admin',
    urgency: 'normal',
    staff: 160,
    daysAgo: 6,
    lines: [
      ['睡衣', 80],
      ['毛巾', 160],
      ['电蚊香', 40],
    ],
    to: 'completed',
  },
  // ---- withdrawn, rejected
  {
    key: 'w1',
    point: 'h1_main',
    by: 'hosp',
    urgency: 'normal',
    staff: 320,
    daysAgo: 11,
    lines: [['可乐', 20]],
    to: 'withdrawn',
    reason: '院内食堂已恢复供应，撤回',
  },
  {
    key: 'r1',
    point: 'h1_lodge',
    by: 'hosp',
    urgency: 'normal',
    staff: 80,
    daysAgo: 9,
    lines: [
      ['电饭煲', 10],
      ['微波炉', 5],
    ],
    to: 'rejected',
    reason: '驻地酒店已配备公共厨房电器，请优先申领生活必需品',
  },
  {
    key: 'r2',
    point: 'h3_main',
    by: 'hotline',
    caller: ['孙科长', '13917760301'],
    urgency: 'normal',
    staff: 400,
    daysAgo: 7,
    lines: [
      ['大米', 50],
      ['食用油', 30],
    ],
    to: 'rejected',
    reason: '院内食堂由医院后勤保障，大宗粮油请向区保供专班申请',
  },
  {
    key: 'r3',
    point: 'shmed_wh',
    by: 'admin',
    urgency: 'normal',
    staff: 10,
    daysAgo: 4,
    lines: [['慰问礼包', 200]],
    to: 'rejected',
    reason: '与本周已审核通过的慰问礼包需求重复，请勿重复提报',
  },
  {
    key: 'w2',
    point: 'zj_team',
    by: 'admin',
    urgency: 'urgent',
    staff: 160,
    daysAgo: 3.5,
    lines: [['取暖器', 10]],
    to: 'withdrawn',
    reason: '天气转暖，暂不需要',
  },
  // ---- dispatching
  {
    key: 'd6',
    point: 'h1_lodge',
    by: 'hosp',
    urgency: 'urgent',
    staff: 80,
    daysAgo: 3,
    lines: [
      ['充电宝', 20],
      ['数据线', 40],
    ],
    to: 'dispatching',
    ship: 'exception',
    reason: '车辆在道口被拦，通行证已过期，需重新办理后改派',
  },
  {
    key: 'd1',
    point: 'h1_fever',
    by: 'hosp',
    urgency: 'critical',
    staff: 150,
    daysAgo: 2.5,
    lines: [
      ['矿泉水', 60],
      ['自热米饭', 200],
    ],
    to: 'dispatching',
    ship: 'pending',
  },
  {
    key: 'd2',
    point: 'h2_lodge',
    by: 'hotline',
    caller: ['郑老师', '13917760202'],
    urgency: 'urgent',
    staff: 90,
    daysAgo: 2.2,
    lines: [
      ['洗发水', 30],
      ['沐浴露', 30],
      ['浴巾', 60],
    ],
    to: 'dispatching',
    ship: 'pending',
  },
  {
    key: 'd3',
    point: 'lg_fc',
    by: 'admin',
    urgency: 'critical',
    staff: 900,
    daysAgo: 2,
    lines: [
      ['取暖器', 20],
      ['电热水壶', 15],
    ],
    to: 'dispatching',
    ship: 'departed',
  },
  {
    key: 'd4',
    point: 'xh_lodge',
    by: 'hotline',
    caller: ['潘经理', '021-64200501'],
    urgency: 'urgent',
    staff: 120,
    daysAgo: 1.8,
    lines: [
      ['纯牛奶', 30],
      ['每日坚果', 40],
    ],
    to: 'dispatching',
    ship: 'in_transit',
  },
  {
    key: 'd5',
    point: 'pd_expo',
    by: 'hotline',
    caller: ['蔡主席', '13917760401'],
    urgency: 'critical',
    staff: 600,
    daysAgo: 1.5,
    lines: [
      ['方便面', 60],
      ['火腿肠', 40],
      ['卤蛋', 30],
    ],
    to: 'dispatching',
    ship: 'in_transit',
  },
  // ---- approved
  {
    key: 'a1',
    point: 'gx_team',
    by: 'admin',
    urgency: 'urgent',
    staff: 45,
    daysAgo: 1.4,
    lines: [
      ['酸奶', 20],
      ['苹果', 15],
    ],
    to: 'approved',
  },
  {
    key: 'a2',
    point: 'h3_main',
    by: 'hotline',
    caller: ['孙科长', '13917760301'],
    urgency: 'normal',
    staff: 400,
    daysAgo: 1.2,
    lines: [['取暖器', 30]],
    to: 'approved',
    reduce: { 取暖器: [10, '取暖器各方舱同样急需，先配 10 台，其余待下批到货'] },
  },
  {
    key: 'a3',
    point: 'h1_main',
    by: 'hosp',
    urgency: 'urgent',
    staff: 320,
    daysAgo: 0.9,
    lines: [
      ['卷纸', 30],
      ['抽纸', 30],
      ['湿巾', 100],
    ],
    to: 'approved',
  },
  {
    key: 'a4',
    point: 'xh_fc',
    by: 'hotline',
    caller: ['殷主任', '13917760501'],
    urgency: 'normal',
    staff: 500,
    daysAgo: 0.6,
    lines: [
      ['拖鞋', 200],
      ['毛巾', 200],
    ],
    to: 'approved',
  },
  // ---- submitted
  {
    key: 's1',
    point: 'h1_fever',
    by: 'hosp',
    urgency: 'critical',
    staff: 150,
    daysAgo: 0.4,
    note: '发热门诊接诊量大增，防护物资告急',
    lines: [
      ['N95口罩', 50],
      ['防护服', 100],
    ],
    to: 'submitted',
  },
  {
    key: 's2',
    point: 'h2_ward',
    by: 'hotline',
    caller: ['吴护士长', '13917760201'],
    urgency: 'urgent',
    staff: 280,
    daysAgo: 0.3,
    note: '来电称夜班医护缺少早餐',
    lines: [
      ['纯牛奶', 40],
      ['面包', 20],
    ],
    to: 'submitted',
  },
  {
    key: 's3',
    point: 'h1_main',
    by: 'hosp',
    urgency: 'normal',
    staff: 320,
    daysAgo: 0.25,
    lines: [],
    to: 'submitted',
    copyOf: 'c10',
  },
  {
    key: 's4',
    point: 'js_team',
    by: 'admin',
    urgency: 'normal',
    staff: 130,
    daysAgo: 0.2,
    lines: [['保温杯', 130]],
    to: 'submitted',
  },
  {
    key: 's5',
    point: 'xh_lodge',
    by: 'hotline',
    caller: ['潘经理', '021-64200501'],
    urgency: 'normal',
    staff: 120,
    daysAgo: 0.15,
    lines: [
      ['电吹风', 10],
      ['电风扇', 10],
    ],
    to: 'submitted',
  },
  {
    key: 's6',
    point: 'pd_hub',
    by: 'hotline',
    caller: ['黄干事', '13917760402'],
    urgency: 'urgent',
    staff: 800,
    daysAgo: 0.1,
    lines: [
      ['酒精湿巾', 100],
      ['鞋套', 100],
    ],
    to: 'submitted',
  },
];

// ---------------------------------------------------------------- helpers

async function actAs(deps: Deps, username: string): Promise<Ctx> {
  const [row] = await deps.database.db
    .select({ user: users, m: memberships, org: orgs })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(eq(users.username, username))
    .limit(1);
  if (!row) throw new Error(`demo account ${username} missing`);
  return {
    db: deps.database.db,
    ip: null,
    deps,
    actor: {
      userId: row.user.id,
      username: row.user.username,
      displayName: row.user.displayName,
      sessionId: 'demo-seed',
      csrfToken: 'demo-seed',
      membership: {
        id: row.m.id,
        role: row.m.role as Role,
        orgId: row.org.id,
        orgPath: row.org.path,
        orgName: row.org.name,
        orgType: row.org.type as OrgType,
      },
    },
  };
}

const fen = (yuan: number) => Math.round(yuan * 100);

export interface SuppliesDemoSummary {
  items: number;
  points: number;
  requests: number;
  byState: Record<string, number>;
  shipments: Record<string, number>;
  special: Record<string, number>;
}

/** Seed the 服务热线平台 demo once (skipped when any catalogue item exists), after the wishes demo. */
export async function seedSuppliesDemo(deps: Deps): Promise<SuppliesDemoSummary | null> {
  const [existing] = await deps.database.db.select({ n: count() }).from(supplyItems);
  if ((existing?.n ?? 0) > 0) return null;
  const [hub] = await deps.database.db.select().from(orgs).where(eq(orgs.name, UNIT_NAMES.shmed));
  if (!hub) return null;
  return deps.database.db.transaction((tx) => seedIn({ ...deps, database: { ...deps.database, db: tx } }));
}

async function seedIn(deps: Deps): Promise<SuppliesDemoSummary> {
  const db = deps.database.db;
  const supplier = await actAs(deps, 'sh_supplier');
  const hubCadre = await actAs(deps, 'sh_med_cadre');
  const hubAdmin = await actAs(deps, 'sh_med_admin');
  const hosp = await actAs(deps, 'sh_hosp_cadre');
  const logistics = await actAs(deps, 'sh_logistics');
  const logisticsOrgId = logistics.actor?.membership?.orgId ?? 0;

  // Units.
  const unitRows = await db
    .select({ id: orgs.id, name: orgs.name })
    .from(orgs)
    .where(inArray(orgs.name, Object.values(UNIT_NAMES)));
  const unitId = (k: UnitKey) => {
    const row = unitRows.find((u) => u.name === UNIT_NAMES[k]);
    if (!row) throw new Error(`demo org ${UNIT_NAMES[k]} missing`);
    return row.id;
  };

  // Catalogue: the supplier's items, the union's purchases; stock received through the ledger.
  const itemIds = new Map<string, number>();
  const now = Date.now();
  const put = async (ctx: Ctx, s: ItemSpec, extra: Record<string, unknown> = {}) => {
    const [name, category, unit, spec, yuan, stock, limit] = s;
    const item = await createItem(ctx, {
      name,
      category,
      unit,
      spec,
      unitValueFen: fen(yuan),
      perRequestLimit: limit,
      ...extra,
    });
    itemIds.set(name, item.id);
    if (stock > 0) {
      // Large stocks arrive in two batches, so the ledger shows more than one receipt.
      const first = stock >= 500 ? Math.round(stock * 0.6) : stock;
      await receiveStock(ctx, item.id, { quantity: first, note: '首批到货入库' });
      if (first < stock)
        await receiveStock(ctx, item.id, { quantity: stock - first, note: '第二批到货入库' });
    }
    return item.id;
  };
  for (const s of SUPPLIER_ITEMS) {
    const extra: Record<string, unknown> = {};
    if (s[0] === '抗原检测试剂') {
      extra.activeFrom = new Date(now + 2 * DAY).toISOString();
      extra.note = '按市防控办统一安排，两日后开放申领';
    }
    if (s[0] === '暖宝宝') {
      // Put online with a window then still open; it ended five days ago (set below).
      extra.activeFrom = new Date(now - 30 * DAY).toISOString();
      extra.activeUntil = new Date(now + DAY).toISOString();
      extra.note = '冬季物资，已过申领期';
    }
    await put(supplier, s, extra);
  }
  for (const s of UNION_ITEMS) {
    await put(hubCadre, s, { note: s[0] === '晾衣绳' ? '工会按单采购，库存有限' : null });
  }
  const item = (name: string) => {
    const id = itemIds.get(name);
    if (id === undefined) throw new Error(`demo item ${name} missing`);
    return id;
  };
  await deps.database.db
    .update(supplyItems)
    .set({ activeUntil: new Date(now - 5 * DAY) })
    .where(eq(supplyItems.id, item('暖宝宝')));
  await setItemState(supplier, item('小冰箱'), 'inactive');
  await adjustStock(hubCadre, item('面包'), { delta: -12, reason: '盘点发现 12 箱临期，已报损' });

  // Delivery points: the hub's cadre adds them for its units.
  const pointIds = new Map<string, number>();
  for (const p of POINTS) {
    const point = await createPoint(hubCadre, {
      orgId: unitId(p.unit),
      name: p.name,
      kind: p.kind,
      address: p.address,
      contactName: p.contactName,
      contactPhone: p.contactPhone,
      note: p.note ?? null,
    });
    pointIds.set(p.key, point.id);
  }
  const point = (key: string) => {
    const id = pointIds.get(key);
    if (id === undefined) throw new Error(`demo point ${key} missing`);
    return id;
  };
  const pointUnit = (key: string) => {
    const p = POINTS.find((x) => x.key === key);
    if (!p) throw new Error(`demo point ${key} missing`);
    return unitId(p.unit);
  };

  // Requests, in the order they happened.
  const stories: { requestId: number; start: number }[] = [];
  const requestIds = new Map<string, number>();
  let plate = 0;
  const drive = async (p: RequestPlan, r: TRequest) => {
    const approved = await approveRequest(hubAdmin, r.id, {
      lines: r.lines.map((l) => {
        const cut = p.reduce?.[l.item.name];
        return cut
          ? { lineId: l.id, approved: cut[0], reason: cut[1] }
          : { lineId: l.id, approved: l.requested };
      }),
      note: p.reduce ? '部分核减，详见明细' : '同意，请尽快配送',
    });
    if (p.to === 'approved') return approved;
    const { shipments } = await dispatchRequests(hubCadre, {
      requestIds: [r.id],
      partnerOrgId: logisticsOrgId,
      note: p.urgency === 'critical' ? '特急，请优先安排' : null,
    });
    const ship = shipments[0] as TShipment;
    const stage = p.ship ?? 'delivered';
    if (stage === 'pending') return approved;
    plate += 1;
    await departShipment(logistics, ship.id, {
      vehiclePlate: `沪B${String(36_000 + plate * 137).padStart(5, '0')}`,
      driverName: ['王师傅', '李师傅', '张师傅', '刘师傅', '陈师傅'][plate % 5] as string,
      driverPhone: `1381770${String(1000 + plate).padStart(4, '0')}`,
      driverTestedAt: new Date(Date.now() - 10 * HOUR).toISOString(),
      disinfection: [...disinfectionChecks],
      note: null,
    });
    if (stage === 'exception') {
      await failShipment(logistics, ship.id, p.reason ?? '配送异常');
      return approved;
    }
    if (stage === 'departed') return approved;
    await markInTransit(logistics, ship.id, null);
    if (stage === 'in_transit') return approved;
    const recipient = POINTS.find((x) => x.key === p.point)?.contactName ?? '签收人';
    await deliverShipment(logistics, ship.id, {
      recipientName: recipient,
      lines: ship.lines.map((l) => ({
        shipmentLineId: l.id,
        received: p.short?.[l.itemName] ?? l.quantity,
      })),
      note: p.short ? '部分物资外包装破损，已拒收' : '已清点签收',
    });
    if (p.closeShort) {
      for (const l of approved.lines) {
        if (p.short?.[l.item.name] !== undefined) {
          await closeRequestLine(hubCadre, r.id, l.id, p.closeShort);
        }
      }
    }
    return approved;
  };

  for (const p of PLAN) {
    const base = {
      pointId: point(p.point),
      urgency: p.urgency,
      staffServed: p.staff,
      note: p.note ?? null,
      lines: p.lines.map(([name, quantity]) => ({ itemId: item(name), quantity })),
    };
    let r: TRequest;
    if (p.copyOf) {
      const from = requestIds.get(p.copyOf) as number;
      const template = await requestTemplate(hosp, from);
      r = await submitRequest(hosp, {
        ...template.input,
        copiedFromId: from,
        note: '按上次的清单再申请一批',
      });
    } else if (p.by === 'hotline') {
      const [callerName, callerPhone] = p.caller ?? ['来电人', '13900000000'];
      r = await submitHotlineRequest(hubCadre, {
        ...base,
        orgId: pointUnit(p.point),
        callerName,
        callerPhone,
      });
    } else {
      r = await submitRequest(p.by === 'hosp' ? hosp : hubAdmin, base);
    }
    requestIds.set(p.key, r.id);
    stories.push({ requestId: r.id, start: now - p.daysAgo * DAY });
    if (p.to === 'withdrawn')
      await withdrawRequest(p.by === 'hosp' ? hosp : hubAdmin, r.id, p.reason ?? null);
    else if (p.to === 'rejected') await rejectRequest(hubAdmin, r.id, p.reason ?? '不符合保障范围');
    else if (p.to !== 'submitted') await drive(p, r);
  }

  // Special requests: the birthday boxes (sourced, bought, converted, delivered), 晾衣绳 being
  // sourced, one declined, one still open.
  const birthday = await fileSpecialRequest(hubAdmin, {
    pointId: point('gx_team'),
    description: '生日蛋糕礼盒（含长寿面）',
    quantity: 45,
    unit: '份',
    reason: '广西援沪医疗队 45 名队员在沪期间陆续过生日，工会为每位队员准备一份生日祝福',
    urgency: 'normal',
    staffServed: 45,
  });
  await sourceSpecialRequest(
    hubCadre,
    birthday.id,
    '已联系示范食品公司定制生日礼盒，工会采购，预计 2 日内到货',
  );
  await put(hubCadre, BIRTHDAY_BOX, { note: '为广西援沪医疗队队员定制（特殊需求转入）' });
  const converted = await convertSpecialRequest(hubCadre, birthday.id, {
    lines: [{ itemId: item('生日慰问礼盒'), quantity: 45 }],
    note: '生日礼盒已到货，转为物资需求配送',
  });
  const birthdayRequest = converted.requestId as number;
  await drive(
    {
      key: 'bd',
      point: 'gx_team',
      by: 'admin',
      urgency: 'normal',
      staff: 45,
      daysAgo: 5,
      lines: [],
      to: 'completed',
    },
    await getRequest(hubAdmin, birthdayRequest),
  );
  stories.push({ requestId: birthdayRequest, start: now - 5 * DAY });

  const rope = await fileSpecialRequest(hosp, {
    pointId: point('h1_lodge'),
    description: '晾衣绳及晾衣夹',
    quantity: 60,
    unit: '套',
    reason: '驻地房间没有晾衣处，医护人员换洗衣物无法晾干；目录中的晾衣绳已领完',
    urgency: 'urgent',
    staffServed: 80,
  });
  await sourceSpecialRequest(hubCadre, rope.id, '晾衣绳由工会逐单采购，已下单 60 套，预计明日到货后转为需求');
  const chair = await fileSpecialRequest(hubCadre, {
    orgId: unitId('xh'),
    pointId: point('xh_lodge'),
    description: '按摩椅',
    quantity: 2,
    unit: '台',
    reason: '医护人员连续工作后腰背酸痛，希望驻地配备按摩椅',
    urgency: 'normal',
    staffServed: 120,
  });
  await declineSpecialRequest(
    hubCadre,
    chair.id,
    '按摩椅体积大、不属于本次保障物资范围，建议申领折叠床或睡袋',
  );
  const clippers = await fileSpecialRequest(hosp, {
    pointId: point('h1_lodge'),
    description: '理发推子',
    quantity: 10,
    unit: '把',
    reason: '长时间驻守无法外出理发',
    urgency: 'normal',
    staffServed: 80,
  });

  // A field hospital that has closed: its point is no longer used.
  await setPointActive(hubCadre, point('pd_gym'), false);

  await backdate(deps, stories, [
    { id: birthday.id, start: now - 7 * DAY },
    { id: rope.id, start: now - 0.7 * DAY },
    { id: chair.id, start: now - 2.6 * DAY },
    { id: clippers.id, start: now - 0.35 * DAY },
  ]);

  const group = async (
    table: typeof supplyRequests | typeof supplyShipments | typeof supplySpecialRequests,
  ) => {
    const rows = await db.select({ state: table.state, n: count() }).from(table).groupBy(table.state);
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  };
  const byState = await group(supplyRequests);
  return {
    items: itemIds.size,
    points: pointIds.size,
    requests: Object.values(byState).reduce((s, n) => s + n, 0),
    byState,
    shipments: await group(supplyShipments),
    special: await group(supplySpecialRequests),
  };
}

// ---------------------------------------------------------------- backdating

/** Hours after the previous step that a step took, by its event (urgent requests move faster). */
function gapHours(entityType: string, event: string, urgency: string, seed: number): number {
  const jitter = (seed % 7) / 10;
  const pace = urgency === 'critical' ? 0.5 : urgency === 'urgent' ? 0.8 : 1.4;
  if (entityType === 'supplies.special') {
    if (event === 'source') return 3 + jitter;
    if (event === 'convert') return 30 + jitter;
    if (event === 'decline') return 5 + jitter;
    return 0;
  }
  switch (event) {
    case 'create':
      return entityType === 'supplies.shipment' ? 1 + jitter : 0.1;
    case 'approve':
      return 4 * pace + jitter;
    case 'reject':
      return 6 + jitter;
    case 'withdraw':
      return 3 + jitter;
    case 'dispatch':
      return 0.05;
    case 'depart':
      return 2.5 * pace + jitter;
    case 'transit':
      return 0.4;
    case 'deliver':
      return 2 + 2 * pace + jitter;
    case 'fail':
      return 1.2 + jitter;
    case 'complete':
      return 0.02;
    case 'closeLine':
      return 5 + jitter;
    default:
      return 1;
  }
}

interface Stamp {
  id: number;
  entityType: string;
  entityId: string;
  event: string;
}

/**
 * Move each request's story (with its special request and shipments) back to the day it started:
 * its events follow each other at plausible intervals, nothing later than half an hour ago, and the
 * rows' own times follow their events.
 */
async function backdate(
  deps: Deps,
  stories: { requestId: number; start: number }[],
  specials: { id: number; start: number }[],
) {
  const db = deps.database.db;
  const latest = Date.now() - 0.5 * HOUR;
  const place = (events: Stamp[], start: number, urgency: string) => {
    const at: number[] = [];
    let t = start;
    for (const [i, e] of events.entries()) {
      if (i > 0) t += gapHours(e.entityType, e.event, urgency, e.id) * HOUR;
      at.push(t);
    }
    const over = (at.at(-1) ?? start) - latest;
    return over > 0 ? at.map((x) => x - over) : at;
  };
  const setEvents = async (events: Stamp[], at: number[]) => {
    for (const [i, e] of events.entries()) {
      await db
        .update(timelineEvents)
        .set({ at: new Date(at[i] as number) })
        .where(eq(timelineEvents.id, e.id));
    }
  };
  const eventsOf = async (entityType: string, ids: string[]) =>
    ids.length === 0
      ? []
      : db
          .select({
            id: timelineEvents.id,
            entityType: timelineEvents.entityType,
            entityId: timelineEvents.entityId,
            event: timelineEvents.event,
          })
          .from(timelineEvents)
          .where(and(eq(timelineEvents.entityType, entityType), inArray(timelineEvents.entityId, ids)))
          .orderBy(asc(timelineEvents.id));
  const when = (events: Stamp[], at: number[], type: string, event: string, id?: string) => {
    const i = events.findIndex(
      (e) => e.entityType === type && e.event === event && (!id || e.entityId === id),
    );
    return i < 0 ? null : new Date(at[i] as number);
  };

  const done = new Set<number>();
  for (const s of stories) {
    const [r] = await db.select().from(supplyRequests).where(eq(supplyRequests.id, s.requestId));
    if (!r) continue;
    const shipIds = (
      await db
        .selectDistinct({ id: supplyShipmentLines.shipmentId })
        .from(supplyShipmentLines)
        .where(eq(supplyShipmentLines.requestId, r.id))
    ).map((x) => String(x.id));
    const special = r.specialRequestId ? specials.find((x) => x.id === r.specialRequestId) : undefined;
    const events = [
      ...(special ? await eventsOf('supplies.special', [String(special.id)]) : []),
      ...(await eventsOf('supplies.request', [String(r.id)])),
      ...(await eventsOf('supplies.shipment', shipIds)),
    ].sort((a, b) => a.id - b.id);
    const at = place(events, special ? special.start : s.start, r.urgency);
    await setEvents(events, at);
    if (special) done.add(special.id);
    const submitted = when(events, at, 'supplies.request', 'create') ?? new Date(s.start);
    const reviewed =
      when(events, at, 'supplies.request', 'approve') ?? when(events, at, 'supplies.request', 'reject');
    const completed = when(events, at, 'supplies.request', 'complete');
    const last = new Date(Math.max(...at.filter((_, i) => events[i]?.entityType === 'supplies.request')));
    await db
      .update(supplyRequests)
      .set({
        submittedAt: submitted,
        createdAt: submitted,
        reviewedAt: reviewed,
        completedAt: completed,
        updatedAt: last,
      })
      .where(eq(supplyRequests.id, r.id));
    for (const sid of shipIds) {
      const created = when(events, at, 'supplies.shipment', 'create', sid) ?? submitted;
      const departed = when(events, at, 'supplies.shipment', 'depart', sid);
      const lastOf = Math.max(
        ...at.filter((_, i) => events[i]?.entityType === 'supplies.shipment' && events[i]?.entityId === sid),
      );
      await db
        .update(supplyShipments)
        .set({
          createdAt: created,
          departedAt: departed,
          driverTestedAt: departed ? new Date(departed.getTime() - 9 * HOUR) : null,
          deliveredAt: when(events, at, 'supplies.shipment', 'deliver', sid),
          updatedAt: new Date(lastOf),
        })
        .where(eq(supplyShipments.id, Number(sid)));
    }
    if (special) {
      await db
        .update(supplySpecialRequests)
        .set({
          createdAt: new Date(at[0] as number),
          updatedAt: when(events, at, 'supplies.special', 'convert') ?? new Date(at[0] as number),
        })
        .where(eq(supplySpecialRequests.id, special.id));
    }
  }
  // Special requests that did not become a request.
  for (const s of specials) {
    if (done.has(s.id)) continue;
    const [row] = await db.select().from(supplySpecialRequests).where(eq(supplySpecialRequests.id, s.id));
    const events = await eventsOf('supplies.special', [String(s.id)]);
    const at = place(events, s.start, row?.urgency ?? 'normal');
    await setEvents(events, at);
    await db
      .update(supplySpecialRequests)
      .set({ createdAt: new Date(at[0] as number), updatedAt: new Date(at.at(-1) as number) })
      .where(eq(supplySpecialRequests.id, s.id));
  }
  await backdateNotifications(deps);
  // The catalogue and the points were set up before the first request.
  const setup = new Date(Date.now() - 30 * DAY);
  await db.update(supplyItems).set({ createdAt: setup, updatedAt: setup });
  await db.update(supplyPoints).set({ createdAt: setup, updatedAt: setup });
}

/** Which step each notification kind announces (entity type, timeline event). */
const NOTICE_EVENTS: Record<string, [string, string]> = {
  'supplies.request.submitted': ['supplies.request', 'create'],
  'supplies.request.converted': ['supplies.request', 'create'],
  'supplies.request.approved': ['supplies.request', 'approve'],
  'supplies.request.rejected': ['supplies.request', 'reject'],
  'supplies.request.withdrawn': ['supplies.request', 'withdraw'],
  'supplies.request.dispatched': ['supplies.request', 'dispatch'],
  'supplies.request.completed': ['supplies.request', 'complete'],
  'supplies.shipment.assigned': ['supplies.shipment', 'create'],
  'supplies.shipment.departed': ['supplies.shipment', 'depart'],
  'supplies.shipment.delivered': ['supplies.shipment', 'deliver'],
  'supplies.shipment.exception': ['supplies.shipment', 'fail'],
  'supplies.shipment.returned': ['supplies.shipment', 'restock'],
  'supplies.special.filed': ['supplies.special', 'create'],
  'supplies.special.sourcing': ['supplies.special', 'source'],
  'supplies.special.converted': ['supplies.special', 'convert'],
  'supplies.special.declined': ['supplies.special', 'decline'],
};

/**
 * The inbox follows the stories: each notification takes the time of the step it announces (found
 * from the record its link opens; a request's link also reaches its shipments), and what is older
 * than a day has been read.
 */
async function backdateNotifications(deps: Deps) {
  const db = deps.database.db;
  for (const [kind, [entityType, event]] of Object.entries(NOTICE_EVENTS)) {
    await db.execute(sql`update notifications n set created_at = coalesce((
        select max(e.at) from timeline_events e
        where e.entity_type = ${entityType} and e.event = ${event} and (
          (n.link like '/supplies/requests/%' and e.entity_type = 'supplies.request'
            and e.entity_id = substring(n.link from '([0-9]+)$'))
          or (n.link like '/supplies/requests/%' and e.entity_type = 'supplies.shipment'
            and e.entity_id in (select l.shipment_id::text from supply_shipment_lines l
              where l.request_id = substring(n.link from '([0-9]+)$')::int))
          or (n.link not like '/supplies/requests/%' and e.entity_id = substring(n.link from '([0-9]+)$')))
      ), n.created_at)
      where n.kind = ${kind}`);
  }
  await db.execute(sql`update notifications set read_at = created_at + interval '1 hour'
    where kind like 'supplies.%' and read_at is null and created_at < now() - interval '1 day'`);
}
