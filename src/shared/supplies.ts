import { z } from 'zod';
import { pageOf, ZDateTime, ZFen, ZIntId, ZOrgRef, ZPageQuery, ZText } from './common.ts';
import { mobilePattern, phonePattern } from './rules.ts';

/**
 * 服务热线平台 (supplies, issue #6, seed 003): a union (the 枢纽, e.g. 上海市医务工会) runs a catalogue of
 * donated items that supplier / donor partner orgs put online; requesting units in its subtree
 * (hospitals, district medical unions, medical teams) request items for their delivery points; the
 * union reviews each request and reserves stock; a logistics partner delivers shipments per point.
 * Contracts shared by the server routes and the web; money in fen; quantities are whole units.
 */

const labelled = <const T extends readonly string[]>(values: T, labels: Record<T[number], string>) => ({
  values,
  labels,
});

/**
 * Above this many per person served, a requested quantity is likely a typing slip (999999 for 99):
 * the form asks the unit to confirm it before submitting.
 */
export const LARGE_QUANTITY_PER_PERSON = 10;

const ZQty = z
  .number('请填写数量')
  .int('数量应为整数')
  .min(1, '数量至少为 1')
  .max(1_000_000, '数量最多 1,000,000');
const ZMobileOrPhone = z.string().trim().regex(phonePattern, '请输入正确的手机号或座机号（如 021-12345678）');

// ---------------------------------------------------------------- enums

export const { values: itemCategories, labels: itemCategoryLabels } = labelled(
  ['food', 'drink', 'clothing', 'daily', 'appliance', 'medical', 'gift', 'other'] as const,
  {
    food: '方便食品',
    drink: '饮品',
    clothing: '衣物',
    daily: '日用品',
    appliance: '小家电',
    medical: '防护用品',
    gift: '慰问礼品',
    other: '其他',
  },
);
export type ItemCategory = (typeof itemCategories)[number];

/** Where an item comes from: put online by a supplier / donor partner, or bought by the union itself. */
export const { values: itemSources, labels: itemSourceLabels } = labelled(
  ['partner', 'union_purchase'] as const,
  { partner: '爱心企业/供应商提供', union_purchase: '工会采购' },
);

export const { values: itemStates, labels: itemStateLabels } = labelled(['active', 'inactive'] as const, {
  active: '上架',
  inactive: '下架',
});

/**
 * Every stock change is one ledger entry (append-only). Effects, per entry quantity q > 0 except
 * `adjusted` (signed): received on hand +q; reserved: reserved +q; released: reserved −q;
 * shipped: on hand −q and reserved −q; adjusted: on hand ±q (reason required).
 * Available = on hand − reserved; the database refuses any entry that would make it negative.
 */
export const { values: stockEntryKinds, labels: stockEntryKindLabels } = labelled(
  ['received', 'reserved', 'released', 'shipped', 'adjusted'] as const,
  { received: '入库', reserved: '审核预留', released: '释放预留', shipped: '出库', adjusted: '盘点调整' },
);
export type StockEntryKind = (typeof stockEntryKinds)[number];

export const { values: pointKinds, labels: pointKindLabels } = labelled(
  ['designated_hospital', 'field_hospital', 'lodging', 'other'] as const,
  { designated_hospital: '定点医院', field_hospital: '方舱医院', lodging: '驻地', other: '其他' },
);
export type PointKind = (typeof pointKinds)[number];

export const { values: urgencies, labels: urgencyLabels } = labelled(
  ['critical', 'urgent', 'normal'] as const,
  { critical: '特急', urgent: '急', normal: '一般' },
);
export type Urgency = (typeof urgencies)[number];

/** How a request reached the platform. */
export const { values: requestChannels, labels: requestChannelLabels } = labelled(
  ['online', 'hotline', 'special'] as const,
  { online: '单位在线提报', hotline: '热线代录', special: '特殊需求转入' },
);
export type RequestChannel = (typeof requestChannels)[number];

/** Request lifecycle; transitions in `server/modules/supplies/supplies.flow.ts`. */
export const { values: requestStates, labels: requestStateLabels } = labelled(
  ['submitted', 'approved', 'dispatching', 'completed', 'rejected', 'withdrawn'] as const,
  {
    submitted: '待审核',
    approved: '待配送',
    dispatching: '配送中',
    completed: '已完成',
    rejected: '未通过',
    withdrawn: '已撤回',
  },
);
export type RequestState = (typeof requestStates)[number];

/** A request line is open until it is fully received or closed with a reason. */
export const { values: lineStates, labels: lineStateLabels } = labelled(
  ['open', 'received', 'closed'] as const,
  {
    open: '进行中',
    received: '已收齐',
    closed: '已关闭',
  },
);
export type LineState = (typeof lineStates)[number];

/**
 * Shipment lifecycle: 待出库 → 已出库 → 运输中 → 已送达 / 异常; a shipment that failed on the road
 * may come back: 异常 → 已退回入库 (its goods are in stock again, to be dispatched anew).
 */
export const { values: shipmentStates, labels: shipmentStateLabels } = labelled(
  ['pending', 'departed', 'in_transit', 'delivered', 'exception', 'returned'] as const,
  {
    pending: '待出库',
    departed: '已出库',
    in_transit: '运输中',
    delivered: '已送达',
    exception: '异常',
    returned: '已退回入库',
  },
);
export type ShipmentState = (typeof shipmentStates)[number];

/** The disinfection checklist a shipment must have completed before it leaves the warehouse. */
export const { values: disinfectionChecks, labels: disinfectionCheckLabels } = labelled(
  ['cargo_area', 'packaging', 'driver_protection', 'loaders_tested'] as const,
  {
    cargo_area: '车厢消杀',
    packaging: '货品外包装消杀',
    driver_protection: '司机防护（口罩、手套）',
    loaders_tested: '装卸人员核酸在有效期内',
  },
);
export type DisinfectionCheck = (typeof disinfectionChecks)[number];

/** A driver's latest nucleic-acid test must be at most this old when the shipment departs. */
export const NUCLEIC_TEST_VALID_HOURS = 48;

/** Special requests (items not in the catalogue) and what the union made of them. */
export const { values: specialStates, labels: specialStateLabels } = labelled(
  ['open', 'sourcing', 'converted', 'declined'] as const,
  { open: '待处理', sourcing: '寻源中', converted: '已转为需求', declined: '无法提供' },
);
export type SpecialState = (typeof specialStates)[number];

// ---------------------------------------------------------------- catalogue

export const ZItemInput = z
  .object({
    name: ZText(60).min(1, '请填写物资名称'),
    category: z.enum(itemCategories, '请选择类别'),
    unit: ZText(8).min(1, '请填写单位（如 箱、件、台）'),
    spec: ZText(100).nullable().optional(),
    /** A photo uploaded beforehand through platform/files. */
    photoFileId: z.string().nullable().optional(),
    unitValueFen: ZFen,
    /** Most one request may ask for; null: no limit. */
    perRequestLimit: ZQty.nullable().optional(),
    /** Requestable from / until (both optional). */
    activeFrom: ZDateTime.nullable().optional(),
    activeUntil: ZDateTime.nullable().optional(),
    /** The supplier / donor org providing it; a partner creating an item always provides it itself. */
    supplierOrgId: z.number().int().positive().nullable().optional(),
    note: ZText(300).nullable().optional(),
  })
  .refine((v) => !v.activeFrom || !v.activeUntil || Date.parse(v.activeFrom) < Date.parse(v.activeUntil), {
    path: ['activeUntil'],
    message: '下架时间应晚于上架时间',
  });
export type TItemInput = z.infer<typeof ZItemInput>;

export const ZItem = z.object({
  id: z.number().int(),
  /** The union running the catalogue (枢纽工会). */
  hub: ZOrgRef,
  supplier: ZOrgRef.nullable(),
  source: z.enum(itemSources),
  name: z.string(),
  category: z.enum(itemCategories),
  unit: z.string(),
  spec: z.string().nullable(),
  photoUrl: z.string().nullable(),
  unitValueFen: z.number().int(),
  perRequestLimit: z.number().int().nullable(),
  activeFrom: z.iso.datetime().nullable(),
  activeUntil: z.iso.datetime().nullable(),
  state: z.enum(itemStates),
  note: z.string().nullable(),
  /** Derived from the ledger: on hand, reserved for approved requests, available = on hand − reserved. */
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  /** Active and inside its window now. */
  requestable: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type TItem = z.infer<typeof ZItem>;
export const ZItemPage = pageOf(ZItem);
export const ZListItemsQuery = ZPageQuery.extend({
  q: ZText(40).optional(),
  category: z.enum(itemCategories).optional(),
  state: z.enum(itemStates).optional(),
  supplierOrgId: ZIntId.optional(),
  /** Only items a unit may request now (active, in window, available > 0). */
  requestable: z.enum(['true', 'false']).optional(),
  /** Only items whose available stock is below this. */
  lowStockBelow: z.coerce.number().int().min(1).optional(),
});
export type TListItemsQuery = z.infer<typeof ZListItemsQuery>;

export const ZReceiveStockInput = z.object({
  quantity: ZQty,
  note: ZText(200).nullable().optional(),
});
export const ZAdjustStockInput = z.object({
  /** Signed: negative for losses found at stock-taking. */
  delta: z
    .number('请填写调整数量')
    .int('数量应为整数')
    .min(-1_000_000)
    .max(1_000_000)
    .refine((n) => n !== 0, '调整数量不能为 0'),
  reason: ZText(200).min(2, '请填写调整原因'),
});

export const ZStockEntry = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  seq: z.number().int(),
  kind: z.enum(stockEntryKinds),
  /** As entered: positive, or signed for `adjusted`. */
  quantity: z.number().int(),
  onHandAfter: z.number().int(),
  reservedAfter: z.number().int(),
  availableAfter: z.number().int(),
  reason: z.string().nullable(),
  requestId: z.number().int().nullable(),
  shipmentId: z.number().int().nullable(),
  actor: z.string().nullable(),
  at: z.iso.datetime(),
});
export type TStockEntry = z.infer<typeof ZStockEntry>;
export const ZStockEntryPage = pageOf(ZStockEntry);

// ---------------------------------------------------------------- delivery points

export const ZPointInput = z.object({
  /** The requesting unit the point belongs to (a hospital, district union, medical team). */
  orgId: z.number().int().positive('请选择所属单位'),
  name: ZText(60).min(1, '请填写点位名称'),
  kind: z.enum(pointKinds, '请选择点位类型'),
  address: ZText(120).min(4, '请填写详细地址'),
  contactName: ZText(20).min(1, '请填写联系人'),
  contactPhone: ZMobileOrPhone,
  note: ZText(200).nullable().optional(),
});
export type TPointInput = z.infer<typeof ZPointInput>;

export const ZPoint = z.object({
  id: z.number().int(),
  org: ZOrgRef,
  name: z.string(),
  kind: z.enum(pointKinds),
  address: z.string(),
  contactName: z.string(),
  /** Full number for the unit, the union and the logistics partner delivering there; masked otherwise. */
  contactPhone: z.string(),
  note: z.string().nullable(),
  active: z.boolean(),
});
export type TPoint = z.infer<typeof ZPoint>;
export const ZPointPage = pageOf(ZPoint);
export const ZListPointsQuery = ZPageQuery.extend({
  orgId: ZIntId.optional(),
  kind: z.enum(pointKinds).optional(),
  q: ZText(40).optional(),
  active: z.enum(['true', 'false']).optional(),
});

// ---------------------------------------------------------------- requests

export const ZRequestLineInput = z.object({ itemId: z.number().int().positive(), quantity: ZQty });

export const ZRequestInput = z.object({
  pointId: z.number().int().positive('请选择配送点位'),
  urgency: z.enum(urgencies, '请选择紧急程度'),
  /** How many frontline staff it serves. */
  staffServed: z.number('请填写服务人数').int().min(1, '服务人数至少为 1').max(100_000),
  note: ZText(500).nullable().optional(),
  lines: z
    .array(ZRequestLineInput)
    .min(1, '请至少选择一种物资')
    .max(100, '一次最多 100 种物资')
    .refine((ls) => new Set(ls.map((l) => l.itemId)).size === ls.length, '同一物资请合并为一行'),
  /** A repeat order: the request it was copied from (see GET /requests/:id/template). */
  copiedFromId: z.number().int().positive().nullable().optional(),
});
export type TRequestInput = z.infer<typeof ZRequestInput>;

/** A hotline cadre enters a request taken by phone on a unit's behalf. */
export const ZHotlineRequestInput = ZRequestInput.extend({
  orgId: z.number().int().positive('请选择提报单位'),
  callerName: ZText(20).min(1, '请填写来电人'),
  callerPhone: ZMobileOrPhone,
});
export type THotlineRequestInput = z.infer<typeof ZHotlineRequestInput>;

export const ZRequestLine = z.object({
  id: z.number().int(),
  item: z.object({
    id: z.number().int(),
    name: z.string(),
    unit: z.string(),
    spec: z.string().nullable(),
    unitValueFen: z.number().int(),
    supplier: ZOrgRef.nullable(),
  }),
  requested: z.number().int(),
  /** Null until reviewed. */
  approved: z.number().int().nullable(),
  /** Loaded on shipments that have left the warehouse. */
  shipped: z.number().int(),
  received: z.number().int(),
  state: z.enum(lineStates),
  /** Why fewer than requested were approved. */
  reduceReason: z.string().nullable(),
  closeReason: z.string().nullable(),
});
export type TRequestLine = z.infer<typeof ZRequestLine>;

export const ZRequestEvent = z.object({
  event: z.string(),
  label: z.string(),
  at: z.iso.datetime(),
  actor: z.string().nullable(),
  note: z.string().nullable(),
});
export type TRequestEvent = z.infer<typeof ZRequestEvent>;

export const ZShipmentBrief = z.object({
  id: z.number().int(),
  /** e.g. PS20261125-00007 */
  code: z.string(),
  state: z.enum(shipmentStates),
  partner: ZOrgRef,
  vehiclePlate: z.string().nullable(),
  departedAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
});

export const ZRequest = z.object({
  id: z.number().int(),
  /** e.g. XQ20261125-0042 */
  code: z.string(),
  org: ZOrgRef,
  hub: ZOrgRef,
  point: z.object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(pointKinds),
    address: z.string(),
  }),
  state: z.enum(requestStates),
  urgency: z.enum(urgencies),
  staffServed: z.number().int(),
  note: z.string().nullable(),
  channel: z.enum(requestChannels),
  /** For hotline entries: who called (phone masked unless the viewer is the union). */
  caller: z.object({ name: z.string(), phone: z.string() }).nullable(),
  enteredBy: z.string().nullable(),
  copiedFromId: z.number().int().nullable(),
  /** The number (XQ…) of the request this one was copied from. */
  copiedFromCode: z.string().nullable(),
  specialRequestId: z.number().int().nullable(),
  reviewNote: z.string().nullable(),
  rejectReason: z.string().nullable(),
  lines: z.array(ZRequestLine),
  shipments: z.array(ZShipmentBrief),
  /** Σ approved (or requested, before review) × unit value. */
  valueFen: z.number().int(),
  submittedAt: z.iso.datetime(),
  reviewedAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  timeline: z.array(ZRequestEvent),
  /** What the caller may do now (the server checks again): withdraw, review, dispatch, closeLine, copy. */
  actions: z.array(z.string()),
});
export type TRequest = z.infer<typeof ZRequest>;

export const ZRequestListItem = z.object({
  id: z.number().int(),
  code: z.string(),
  org: ZOrgRef,
  pointName: z.string(),
  state: z.enum(requestStates),
  urgency: z.enum(urgencies),
  channel: z.enum(requestChannels),
  staffServed: z.number().int(),
  lineCount: z.number().int(),
  /** e.g. 短袖T恤 ×200 等 3 种 */
  summary: z.string(),
  valueFen: z.number().int(),
  /** True when some line got fewer approved than requested, or fewer received than approved. */
  short: z.boolean(),
  submittedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TRequestListItem = z.infer<typeof ZRequestListItem>;
export const ZRequestPage = pageOf(ZRequestListItem);
export const ZListRequestsQuery = ZPageQuery.extend({
  /** Units of this subtree (default the caller's). */
  orgId: ZIntId.optional(),
  state: z.enum(requestStates).optional(),
  urgency: z.enum(urgencies).optional(),
  channel: z.enum(requestChannels).optional(),
  pointId: ZIntId.optional(),
  /** Code, unit or item name. */
  q: ZText(40).optional(),
  /** Default for reviewers: urgency first, then oldest first. */
  sort: z.enum(['urgency', 'newest', 'oldest']).default('newest'),
});
export type TListRequestsQuery = z.infer<typeof ZListRequestsQuery>;

/** Before approving: each line's stock now and the suggested quantity. */
export const ZReviewPreview = z.object({
  requestId: z.number().int(),
  lines: z.array(
    z.object({
      lineId: z.number().int(),
      itemId: z.number().int(),
      itemName: z.string(),
      unit: z.string(),
      requested: z.number().int(),
      available: z.number().int(),
      perRequestLimit: z.number().int().nullable(),
      /** min(requested, available, limit): what can be approved now. */
      suggested: z.number().int(),
      shortage: z.boolean(),
    }),
  ),
  /** Some line cannot be approved in full. */
  shortage: z.boolean(),
});
export type TReviewPreview = z.infer<typeof ZReviewPreview>;

export const ZApproveInput = z.object({
  lines: z
    .array(
      z.object({
        lineId: z.number().int().positive(),
        /** 0 drops the line (a reason is then required too). */
        approved: z.number().int('数量应为整数').min(0, '数量不能为负').max(1_000_000),
        reason: ZText(200).nullable().optional(),
      }),
    )
    .min(1, '请填写审核数量'),
  note: ZText(500).nullable().optional(),
});
export type TApproveInput = z.infer<typeof ZApproveInput>;
export const ZRejectRequestInput = z.object({ reason: ZText(500).min(2, '请填写不通过的理由') });
export const ZWithdrawRequestInput = z.object({ note: ZText(500).nullable().optional() });
export const ZCloseLineInput = z.object({ reason: ZText(200).min(2, '请填写关闭原因') });

/** A past request as the input for a repeat order; items no longer requestable are left out and listed. */
export const ZRequestTemplate = z.object({
  input: ZRequestInput,
  dropped: z.array(z.object({ itemId: z.number().int(), name: z.string(), reason: z.string() })),
});
export type TRequestTemplate = z.infer<typeof ZRequestTemplate>;

// ---------------------------------------------------------------- special requests

export const ZSpecialRequestInput = z.object({
  /** Hotline cadres may file one for a unit; a unit files for itself (omit). */
  orgId: z.number().int().positive().nullable().optional(),
  pointId: z.number().int().positive('请选择配送点位'),
  description: ZText(200).min(2, '请描述需要的物资（如 生日礼盒、晾衣绳）'),
  quantity: ZQty,
  unit: ZText(8).min(1, '请填写单位'),
  reason: ZText(500).min(2, '请说明需求原因'),
  urgency: z.enum(urgencies, '请选择紧急程度'),
  staffServed: z.number().int().min(1).max(100_000),
});
export type TSpecialRequestInput = z.infer<typeof ZSpecialRequestInput>;

export const ZSpecialRequest = z.object({
  id: z.number().int(),
  org: ZOrgRef,
  point: z.object({ id: z.number().int(), name: z.string() }),
  description: z.string(),
  quantity: z.number().int(),
  unit: z.string(),
  reason: z.string(),
  urgency: z.enum(urgencies),
  staffServed: z.number().int(),
  state: z.enum(specialStates),
  /** What the union did about it (sourcing note, why it cannot). */
  handlingNote: z.string().nullable(),
  /** The catalogue request it was turned into, and its number (XQ…) as cadres know it. */
  requestId: z.number().int().nullable(),
  requestCode: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  actions: z.array(z.string()),
  /** Its steps (filed, sourcing, converted / declined); in the detail, not in lists. */
  timeline: z.array(ZRequestEvent).optional(),
});
export type TSpecialRequest = z.infer<typeof ZSpecialRequest>;
export const ZSpecialRequestPage = pageOf(ZSpecialRequest);
export const ZListSpecialRequestsQuery = ZPageQuery.extend({
  orgId: ZIntId.optional(),
  state: z.enum(specialStates).optional(),
});
export const ZSourcingInput = z.object({ note: ZText(500).min(2, '请填写寻源情况') });
export const ZDeclineSpecialInput = z.object({ reason: ZText(500).min(2, '请填写无法提供的原因') });
/** Turn a special request into a catalogue request (the item was added by a supplier or bought by the union). */
export const ZConvertSpecialInput = z.object({
  lines: z.array(ZRequestLineInput).min(1, '请选择对应的目录物资').max(20),
  note: ZText(500).nullable().optional(),
});

// ---------------------------------------------------------------- shipments

/** Dispatch: the approved, not yet loaded quantities of these requests, one shipment per delivery point. */
export const ZDispatchInput = z.object({
  requestIds: z
    .array(z.number().int().positive())
    .min(1, '请选择要派送的需求')
    .max(200, '一次最多 200 条需求'),
  partnerOrgId: z.number().int().positive('请选择物流合作单位'),
  note: ZText(300).nullable().optional(),
});
export type TDispatchInput = z.infer<typeof ZDispatchInput>;

export const ZDepartInput = z.object({
  vehiclePlate: z
    .string()
    .trim()
    .regex(/^[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}$/, '请输入正确的车牌号（如 沪A12345）'),
  driverName: ZText(20).min(1, '请填写司机姓名'),
  driverPhone: z.string().trim().regex(mobilePattern, '请输入正确的 11 位手机号'),
  /** The driver's latest nucleic-acid test; at most NUCLEIC_TEST_VALID_HOURS old at departure. */
  driverTestedAt: ZDateTime,
  /** Every item of the checklist must be done. */
  disinfection: z.array(z.enum(disinfectionChecks)),
  note: ZText(300).nullable().optional(),
});
export type TDepartInput = z.infer<typeof ZDepartInput>;

export const ZDeliverInput = z.object({
  recipientName: ZText(20).min(1, '请填写签收人'),
  /** A photo uploaded beforehand through platform/files. */
  photoFileId: z.string().nullable().optional(),
  lines: z
    .array(
      z.object({
        shipmentLineId: z.number().int().positive(),
        received: z.number().int('数量应为整数').min(0, '数量不能为负').max(1_000_000),
      }),
    )
    .min(1),
  note: ZText(300).nullable().optional(),
});
export type TDeliverInput = z.infer<typeof ZDeliverInput>;
export const ZShipmentExceptionInput = z.object({ reason: ZText(300).min(2, '请填写异常原因') });
export const ZShipmentNoteInput = z.object({ note: ZText(300).nullable().optional() });

export const ZShipmentLine = z.object({
  id: z.number().int(),
  requestId: z.number().int(),
  requestCode: z.string(),
  requestLineId: z.number().int(),
  itemName: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  /** Null until delivered. */
  received: z.number().int().nullable(),
});

export const ZShipment = z.object({
  id: z.number().int(),
  code: z.string(),
  hub: ZOrgRef,
  partner: ZOrgRef,
  point: z.object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(pointKinds),
    address: z.string(),
    contactName: z.string(),
    contactPhone: z.string(),
    org: ZOrgRef,
  }),
  state: z.enum(shipmentStates),
  urgency: z.enum(urgencies),
  vehiclePlate: z.string().nullable(),
  driverName: z.string().nullable(),
  /** Masked except for the union and the partner. */
  driverPhone: z.string().nullable(),
  driverTestedAt: z.iso.datetime().nullable(),
  disinfection: z.array(z.enum(disinfectionChecks)),
  departedAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  recipientName: z.string().nullable(),
  photoUrl: z.string().nullable(),
  exceptionReason: z.string().nullable(),
  note: z.string().nullable(),
  lines: z.array(ZShipmentLine),
  timeline: z.array(ZRequestEvent),
  createdAt: z.iso.datetime(),
  actions: z.array(z.string()),
});
export type TShipment = z.infer<typeof ZShipment>;

export const ZShipmentListItem = z.object({
  id: z.number().int(),
  code: z.string(),
  partner: ZOrgRef,
  pointName: z.string(),
  pointAddress: z.string(),
  unitName: z.string(),
  state: z.enum(shipmentStates),
  urgency: z.enum(urgencies),
  lineCount: z.number().int(),
  totalQuantity: z.number().int(),
  vehiclePlate: z.string().nullable(),
  createdAt: z.iso.datetime(),
  departedAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
});
export type TShipmentListItem = z.infer<typeof ZShipmentListItem>;
export const ZShipmentPage = pageOf(ZShipmentListItem);
export const ZListShipmentsQuery = ZPageQuery.extend({
  state: z.enum(shipmentStates).optional(),
  partnerOrgId: ZIntId.optional(),
  pointId: ZIntId.optional(),
  requestId: ZIntId.optional(),
  q: ZText(40).optional(),
});
export type TListShipmentsQuery = z.infer<typeof ZListShipmentsQuery>;

// ---------------------------------------------------------------- stats

export const ZSuppliesStatsQuery = z.object({
  /** Root of the subtree (the caller's org when omitted). */
  orgId: ZIntId.optional(),
  /** Period by submission day (Beijing), inclusive; default the last 90 days. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type TSuppliesStatsQuery = z.infer<typeof ZSuppliesStatsQuery>;

/** How each figure is counted, shown on the dashboard and in the export. */
export const SUPPLIES_STATS_DEFINITIONS = {
  requests: '需求数：统计期内提报（含热线代录、特殊需求转入）的物资需求条数',
  points: '服务点位：统计期内至少收到一次送达的配送点位数',
  delivered: '送达数量与价值：统计期内提报的需求中已签收的数量，价值按物资单价计算',
  hours: '需求到送达时长（中位数）：已完成的需求从提报到最后一批签收的小时数，取中位数',
  short: '短缺：审核数量少于申请数量、或签收数量少于审核数量的明细行',
} as const;

export const ZSuppliesStats = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  org: ZOrgRef,
  totals: z.object({
    requests: z.number().int(),
    completed: z.number().int(),
    pointsServed: z.number().int(),
    staffServed: z.number().int(),
    quantityDelivered: z.number().int(),
    valueDeliveredFen: z.number().int(),
    /** Null when nothing was completed in the period. */
    medianHoursToDelivery: z.number().nullable(),
    shortLines: z.number().int(),
  }),
  byState: z.array(z.object({ state: z.enum(requestStates), count: z.number().int() })),
  byUrgency: z.array(
    z.object({
      urgency: z.enum(urgencies),
      count: z.number().int(),
      medianHoursToDelivery: z.number().nullable(),
    }),
  ),
  bySupplier: z.array(
    z.object({
      supplier: ZOrgRef.nullable(),
      quantityDelivered: z.number().int(),
      valueDeliveredFen: z.number().int(),
    }),
  ),
  topItems: z.array(
    z.object({
      itemId: z.number().int(),
      name: z.string(),
      unit: z.string(),
      requested: z.number().int(),
      approved: z.number().int(),
      received: z.number().int(),
    }),
  ),
  byUnit: z.array(
    z.object({
      org: ZOrgRef,
      requests: z.number().int(),
      completed: z.number().int(),
      quantityDelivered: z.number().int(),
      valueDeliveredFen: z.number().int(),
    }),
  ),
  byDay: z.array(z.object({ day: z.iso.date(), requests: z.number().int(), completed: z.number().int() })),
});
export type TSuppliesStats = z.infer<typeof ZSuppliesStats>;
