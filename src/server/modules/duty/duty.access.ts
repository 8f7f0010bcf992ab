import { eq } from 'drizzle-orm';
import { grant } from '../../platform/access/access.ts';
import { registerEntityKind } from '../../platform/access/entities.ts';
import { registerAuditLabels } from '../../platform/audit/audit.ts';
import { registerOrgPathCopy } from '../../platform/orgs/orgs.service.ts';
import { representatives } from '../proposals/proposals.table.ts';
import { dutyRecordFlow } from './duty.flow.ts';
import { dutyRecords } from './duty.table.ts';

/**
 * Who may do what in 履职评价 (issue #9).
 *
 * - Union staff (cadre, admin) of the congress's union keep the scheme, review representatives' own
 *   records, award bonus and penalty items, strike wrong records, run sessions and attendance and
 *   archive the term (`duty.manage`).
 * - Reviewers and auditors read scores, records and archives (`duty.view`).
 * - Representatives see their own records and profile and their congress's leaderboard, enter records
 *   with evidence and check in at sessions (`duty.represent`); the service checks the seat.
 */
grant('admin', ['duty.view', 'duty.manage']);
grant('cadre', ['duty.view', 'duty.manage']);
grant('reviewer', ['duty.view']);
grant('auditor', ['duty.view']);
grant('representative', ['duty.represent']);

registerOrgPathCopy('duty_schemes');
registerOrgPathCopy('duty_records');
registerOrgPathCopy('duty_session_checkins');
registerOrgPathCopy('session_attendance');
registerOrgPathCopy('duty_archives');

const validId = (id: string) => /^[1-9]\d{0,9}$/.test(id);

registerEntityKind({
  type: dutyRecordFlow.entityType,
  label: '履职记录',
  viewAction: 'duty.view',
  attachAction: 'duty.manage',
  async load(db, id) {
    if (!validId(id)) return null;
    const [row] = await db
      .select({ orgId: dutyRecords.orgId, orgPath: dutyRecords.orgPath, state: dutyRecords.state })
      .from(dutyRecords)
      .where(eq(dutyRecords.id, Number(id)));
    return row ?? null;
  },
  // The representative sees their own records and attaches evidence while the record is pending.
  async heldBy(db, id, userId, use) {
    if (!validId(id)) return false;
    const [row] = await db
      .select({ userId: representatives.userId, state: dutyRecords.state })
      .from(dutyRecords)
      .innerJoin(representatives, eq(representatives.id, dutyRecords.representativeId))
      .where(eq(dutyRecords.id, Number(id)));
    if (!row || row.userId !== userId) return false;
    return use === 'view' || row.state === 'pending';
  },
});

registerAuditLabels({
  'duty.scheme.save': '保存履职评价方案',
  'duty.record.create': '填报履职记录',
  'duty.record.award': '认定加减分',
  'duty.session.create': '新建会议（签到）',
  'duty.session.rotate': '更换签到二维码',
  'duty.session.checkin': '会议签到',
  'duty.session.mark': '登记出勤',
  'duty.session.close': '结束签到',
  'duty.archive': '归档届次履职',
  'duty.export': '导出履职积分',
});
