import { defineJob } from '../../platform/jobs/registry.ts';
import { closeExpiredSurveys } from './surveys.service.ts';

/** Imported by surveys.routes.ts, so it registers whenever the surveys module is mounted. */
export const closeSurveysJob = defineJob({
  name: 'close-surveys',
  description:
    '问卷到截止时间自动结束（会员评议代表的问卷随之计入履职评价）/ close surveys past their closing time',
  schedule: '*/10 * * * *',
  timezone: 'Asia/Shanghai',
  retryLimit: 1,
  expireInSeconds: 600,
  async handler(deps) {
    const result = await closeExpiredSurveys(deps);
    if (result.closed > 0)
      deps.log.info({ job: 'close-surveys', ...result }, `closed ${result.closed} survey(s)`);
    return result;
  },
});
