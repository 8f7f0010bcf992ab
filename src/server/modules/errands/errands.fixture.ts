import { eq } from 'drizzle-orm';
import {
  type Agent,
  buildOrg,
  buildUser,
  loginAs,
  type TestApp,
  type TestOrg,
  type TestUser,
} from '../../../../test/app.ts';
import type { ErrandState, ItemKind, RequesterKind, TErrandInput } from '../../../shared/errands.ts';
import { nextCode } from '../../platform/codes.ts';
import type { Ctx } from '../../platform/context.ts';
import { timelineEvents } from '../../platform/workflow/workflow.table.ts';
import { errandHotlines, errands } from './errands.table.ts';

/**
 * Test factories for 及时送 (issue #7): a district union running the service (桥西区总工会-like, with a
 * township and a grassroots union below), a courier partner org under it and a second courier org
 * under another county, users signed in, an active hotline, and errands inserted straight into the
 * table in any state with exact times (so alert, overdue and stats tests control every minute).
 */

export interface SceneUser {
  user: TestUser;
  agent: Agent;
  displayName: string;
  /** The account's mobile (only set for the worker). */
  mobile?: string;
}

export interface ErrandsScene {
  root: TestOrg;
  city: TestOrg;
  /** The service union (county): owns errands, hotlines, shifts, settings, complaints. */
  service: TestOrg;
  township: TestOrg;
  grassroots: TestOrg;
  /** Courier partner org (type courier) under the service union. */
  courierOrg: TestOrg;
  /** Another county with its own courier org (cross-org refusals, courier isolation). */
  otherCounty: TestOrg;
  otherCourierOrg: TestOrg;
  hotlineId: number;
  cadre: SceneUser;
  cadre2: SceneUser;
  reviewer: SceneUser;
  courier: SceneUser;
  /** A second account of the same courier org. */
  courierMate: SceneUser;
  /** The courier of the other county's courier org. */
  otherCourier: SceneUser;
  /** A worker with membership in the grassroots union (asks on the H5). */
  worker: SceneUser;
  /** A cadre of the other county. */
  otherCadre: SceneUser;
}

/** A context without an actor, for factories. */
export const fixtureCtx = (t: TestApp): Ctx => ({
  db: t.database.db,
  actor: null,
  ip: null,
  deps: t.app.deps,
});

async function sceneUser(
  t: TestApp,
  org: TestOrg,
  role: Parameters<typeof buildUser>[1]['role'],
  displayName: string,
  mobile?: string,
): Promise<SceneUser> {
  const user = await buildUser(t, { org, role, displayName, ...(mobile ? { mobile } : {}) });
  return { user, agent: await loginAs(t, user), displayName, ...(mobile ? { mobile } : {}) };
}

/** An active 24-hour hotline of an org. */
export async function buildHotline(
  t: TestApp,
  org: TestOrg,
  input: { label?: string; number?: string; kind?: 'duty' | 'complaint' | 'both'; active?: boolean } = {},
): Promise<number> {
  const [row] = await t.database.db
    .insert(errandHotlines)
    .values({
      orgId: org.id,
      orgPath: org.path,
      label: input.label ?? '及时送热线 1',
      number: input.number ?? '0311-86012345',
      kind: input.kind ?? 'both',
      allDay: true,
      active: input.active ?? true,
    })
    .returning({ id: errandHotlines.id });
  if (!row) throw new Error('hotline insert failed');
  return row.id;
}

export async function buildErrandsScene(t: TestApp): Promise<ErrandsScene> {
  const root = await buildOrg(t, { name: '河北省总工会', type: 'provincial' });
  const city = await buildOrg(t, { name: '石家庄市总工会', type: 'municipal', parent: root });
  const service = await buildOrg(t, { name: '石家庄市桥西区总工会', type: 'county', parent: city });
  const township = await buildOrg(t, { name: '桥西区示范街道工会', type: 'township', parent: service });
  const grassroots = await buildOrg(t, {
    name: '示范商贸有限公司工会',
    type: 'grassroots',
    parent: township,
  });
  const courierOrg = await buildOrg(t, { name: '桥西区示范快递有限公司', type: 'courier', parent: service });
  const otherCounty = await buildOrg(t, { name: '石家庄市长安区总工会', type: 'county', parent: city });
  const otherCourierOrg = await buildOrg(t, {
    name: '长安区同城速递有限公司',
    type: 'courier',
    parent: otherCounty,
  });
  const hotlineId = await buildHotline(t, service);
  return {
    root,
    city,
    service,
    township,
    grassroots,
    courierOrg,
    otherCounty,
    otherCourierOrg,
    hotlineId,
    cadre: await sceneUser(t, service, 'cadre', '李值班'),
    cadre2: await sceneUser(t, service, 'cadre', '王值班'),
    reviewer: await sceneUser(t, service, 'reviewer', '赵审核'),
    courier: await sceneUser(t, courierOrg, 'partner', '孙快递'),
    courierMate: await sceneUser(t, courierOrg, 'partner', '周快递'),
    otherCourier: await sceneUser(t, otherCourierOrg, 'partner', '吴速递'),
    worker: await sceneUser(t, grassroots, 'worker', '刘职工', '13912340001'),
    otherCadre: await sceneUser(t, otherCounty, 'cadre', '郑长安'),
  };
}

/** A valid intake body (POST /api/v1/errands), overridable. */
export function errandInput(over: Partial<TErrandInput> & { orgId?: number } = {}) {
  return {
    callerName: '张来电',
    callerMobile: '13800138000',
    requesterKind: 'frontline' as RequesterKind,
    recipientName: '张医生',
    recipientPhone: '13700137000',
    recipientAddress: '桥西区中华南大街 1 号核酸检测点',
    itemKinds: ['charger'] as ItemKind[],
    items: '手机充电器一个（Type-C）',
    pickupAddress: '桥西区新石北路 88 号 3 单元 502',
    pickupContact: '张家属',
    pickupMobile: '13600136000',
    urgency: 'urgent' as const,
    note: null,
    ...over,
  };
}

const MIN = 60_000;
const at = (base: Date, minutes: number | undefined) =>
  minutes === undefined ? null : new Date(base.getTime() + minutes * MIN);

export interface BuildErrandInput {
  state?: ErrandState;
  /** Default: 30 minutes ago. */
  calledAt?: Date;
  /** Minutes after the call of each step reached (defaults: 5 / 10 / 20 / 60 as far as `state` goes). */
  dispatchAfter?: number;
  acceptAfter?: number;
  pickupAfter?: number;
  deliverAfter?: number;
  itemKinds?: ItemKind[];
  requesterKind?: RequesterKind;
  callerName?: string;
  /** Default: the scene's courier org (for dispatched and later states). */
  courierOrg?: TestOrg;
  /** Default: the scene's courier (for accepted and later states). */
  courierUser?: TestUser;
  /** Default: the scene's service union. */
  org?: TestOrg;
  requesterUserId?: number | null;
  declines?: number;
  recipientPhone?: string;
  callerMobile?: string;
}

export interface FixtureErrand {
  id: number;
  code: string;
}

const reached = (state: ErrandState, step: 'dispatch' | 'accept' | 'pickup' | 'deliver') => {
  const order: Record<string, number> = { dispatched: 1, accepted: 2, picked_up: 3, delivered: 4 };
  const need = { dispatch: 1, accept: 2, pickup: 3, deliver: 4 }[step];
  return (order[state] ?? 0) >= need;
};

/**
 * An errand inserted straight into the table in `state`, with times at the given minutes after the
 * call (and a `create` timeline row). Cancelled ones are cancelled while pending; merged ones need
 * `mergedIntoId` set afterwards if the test cares (see `mergeFixtureErrand`).
 */
export async function buildErrand(
  t: TestApp,
  scene: ErrandsScene,
  input: BuildErrandInput = {},
): Promise<FixtureErrand> {
  const state = input.state ?? 'pending';
  const calledAt = input.calledAt ?? new Date(Date.now() - 30 * MIN);
  const org = input.org ?? scene.service;
  const vault = t.app.deps.vault;
  const dispatched = reached(state, 'dispatch');
  const accepted = reached(state, 'accept');
  return t.database.db.transaction(async (tx) => {
    const { id, code } = await nextCode(tx, 'errands', 'JS');
    await tx.insert(errands).values({
      id,
      code,
      orgId: org.id,
      orgPath: org.path,
      state,
      channel: input.requesterUserId ? 'h5' : 'hotline',
      urgency: 'urgent',
      requesterKind: input.requesterKind ?? 'frontline',
      callerName: input.callerName ?? '张来电',
      callerMobileEnc: vault.encrypt(input.callerMobile ?? '13800138000'),
      requesterUserId: input.requesterUserId ?? null,
      recipientName: '张医生',
      recipientPhoneEnc: vault.encrypt(input.recipientPhone ?? '13700137000'),
      recipientAddress: '桥西区中华南大街 1 号核酸检测点',
      itemKinds: input.itemKinds ?? ['charger'],
      items: '手机充电器一个',
      pickupAddress: '桥西区新石北路 88 号',
      pickupContact: '张家属',
      pickupMobileEnc: vault.encrypt('13600136000'),
      courierOrgId: dispatched ? (input.courierOrg ?? scene.courierOrg).id : null,
      courierUserId: accepted ? (input.courierUser ?? scene.courier.user).id : null,
      receivedBy: state === 'delivered' ? '张医生' : null,
      cancelReason: state === 'cancelled' ? '来电人已自行解决' : null,
      declines: input.declines ?? 0,
      calledAt,
      dispatchedAt: dispatched ? at(calledAt, input.dispatchAfter ?? 5) : null,
      acceptedAt: accepted ? at(calledAt, input.acceptAfter ?? 10) : null,
      pickedUpAt: reached(state, 'pickup') ? at(calledAt, input.pickupAfter ?? 20) : null,
      deliveredAt: reached(state, 'deliver') ? at(calledAt, input.deliverAfter ?? 60) : null,
    });
    await tx.insert(timelineEvents).values({
      entityType: 'errands.errand',
      entityId: String(id),
      event: 'create',
      fromState: null,
      toState: 'pending',
      note: null,
    });
    return { id, code };
  });
}

/** Mark a fixture errand as merged into another (state merged, merged_into_id). */
export async function mergeFixtureErrand(t: TestApp, id: number, intoId: number): Promise<void> {
  await t.database.db
    .update(errands)
    .set({ state: 'merged', mergedIntoId: intoId })
    .where(eq(errands.id, id));
}

/** Read an errand row back. */
export async function errandRow(t: TestApp, id: number) {
  const [row] = await t.database.db.select().from(errands).where(eq(errands.id, id));
  if (!row) throw new Error(`errand ${id} not found`);
  return row;
}
