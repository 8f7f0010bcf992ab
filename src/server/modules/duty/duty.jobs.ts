import { defineJob } from '../../platform/jobs/registry.ts';
import { remindIdleRepresentatives } from './records.service.ts';

/** Imported by records.routes.ts, so it registers whenever the duty module is mounted. */
export const remindIdleRepresentativesJob = defineJob({
  name: 'remind-idle-representatives',
  description: '提醒长期没有履职记录的会员代表 / remind representatives idle longer than the scheme allows',
  schedule: '0 9 * * *',
  timezone: 'Asia/Shanghai',
  retryLimit: 1,
  expireInSeconds: 600,
  async handler(deps) {
    const counts = await remindIdleRepresentatives(deps);
    if (counts.reminded > 0) {
      deps.log.info(
        { job: 'remind-idle-representatives', ...counts },
        `reminded ${counts.reminded} representative(s)`,
      );
    }
    return counts;
  },
});
