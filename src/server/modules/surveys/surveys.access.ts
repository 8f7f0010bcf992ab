import { eq } from 'drizzle-orm';
import { grant } from '../../platform/access/access.ts';
import { registerEntityKind } from '../../platform/access/entities.ts';
import { registerAuditLabels } from '../../platform/audit/audit.ts';
import { registerOrgPathCopy } from '../../platform/orgs/orgs.service.ts';
import { surveyFlow } from './surveys.flow.ts';
import { surveys } from './surveys.table.ts';

/**
 * Who may do what with surveys (issue #9): the union's staff build, publish, close and read results in
 * their subtree (`surveys.manage`; auditors and reviewers read, `surveys.view`); anyone on a survey's
 * roster answers it once per invitation (`surveys.answer`, checked against the invitations).
 */
grant('admin', ['surveys.view', 'surveys.manage', 'surveys.answer']);
grant('cadre', ['surveys.view', 'surveys.manage', 'surveys.answer']);
grant('reviewer', ['surveys.view']);
grant('auditor', ['surveys.view']);
grant('representative', ['surveys.answer']);
grant('worker', ['surveys.answer']);

registerOrgPathCopy('surveys');
registerOrgPathCopy('survey_invitations');
registerOrgPathCopy('survey_responses');

registerEntityKind({
  type: surveyFlow.entityType,
  label: '问卷',
  viewAction: 'surveys.view',
  attachAction: 'surveys.manage',
  async load(db, id) {
    if (!/^[1-9]\d{0,9}$/.test(id)) return null;
    const [row] = await db
      .select({ orgId: surveys.orgId, orgPath: surveys.orgPath, state: surveys.state })
      .from(surveys)
      .where(eq(surveys.id, Number(id)));
    return row ?? null;
  },
});

registerAuditLabels({
  'surveys.create': '新建问卷',
  'surveys.update': '修改问卷',
  'surveys.delete': '删除问卷（草稿）',
  'surveys.answer': '提交问卷',
  'surveys.export': '导出问卷结果',
});
