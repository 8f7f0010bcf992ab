import { defineJob } from '../../platform/jobs/registry.ts';
import { superviseDeadlines } from './supervise.service.ts';

/** Imported by supervise.routes.ts, so it registers whenever the proposals module is mounted. */
export const superviseDeadlinesJob = defineJob({
  name: 'supervise-deadlines',
  description:
    '督办：到期提醒、逾期提醒、逾期未办升级到上级工会 / deadline heads-up, reminders and escalation',
  schedule: '*/15 * * * *',
  timezone: 'Asia/Shanghai',
  retryLimit: 1,
  expireInSeconds: 600,
  async handler(deps) {
    const counts = await superviseDeadlines(deps);
    if (counts.headsUp + counts.reminders + counts.escalations > 0) {
      deps.log.info(
        { job: 'supervise-deadlines', ...counts },
        `supervision: ${counts.headsUp} heads-up, ${counts.reminders} reminder(s), ${counts.escalations} escalation(s)`,
      );
    }
    return counts;
  },
});
