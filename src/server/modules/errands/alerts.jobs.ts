import { defineJob } from '../../platform/jobs/registry.ts';
import { alertOverdueErrands } from './alerts.service.ts';

/** Imported by roster.routes.ts, so it registers whenever the errands module is mounted. */
export const alertOverdueErrandsJob = defineJob({
  name: 'alert-overdue-errands',
  description: '及时送超时提醒 / alert the duty cadres of errands not accepted or not delivered in time',
  schedule: '* * * * *',
  timezone: 'Asia/Shanghai',
  retryLimit: 1,
  expireInSeconds: 120,
  async handler(deps) {
    const counts = await alertOverdueErrands(deps);
    if (counts.accept + counts.delivery > 0) {
      deps.log.info(
        { job: 'alert-overdue-errands', ...counts },
        `alerted ${counts.accept} not-accepted and ${counts.delivery} not-delivered errand(s)`,
      );
    }
    return counts;
  },
});
