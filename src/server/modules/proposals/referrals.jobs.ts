import { defineJob } from '../../platform/jobs/registry.ts';
import { deliverDueReferrals } from './referrals.service.ts';

/** Imported by referrals.routes.ts, so it registers whenever the proposals module is mounted. */
export const deliverReferralsJob = defineJob({
  name: 'deliver-referrals',
  description:
    '推送转基层治理平台的职工诉求（失败按指数退避重试）/ deliver referrals to the governance platform',
  schedule: '* * * * *',
  timezone: 'Asia/Shanghai',
  retryLimit: 1,
  expireInSeconds: 300,
  async handler(deps) {
    const counts = await deliverDueReferrals(deps);
    if (counts.delivered + counts.retry + counts.undeliverable > 0) {
      deps.log.info(
        { job: 'deliver-referrals', ...counts },
        `referrals: ${counts.delivered} delivered, ${counts.retry} to retry, ${counts.undeliverable} undeliverable`,
      );
    }
    return counts;
  },
});
