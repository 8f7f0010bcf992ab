import { defineJob } from '../../platform/jobs/registry.ts';
import { closeCosignWindows } from './proposals.service.ts';

/** Imported by proposals.routes.ts, so it registers whenever the proposals module is mounted. */
export const closeCosignWindowsJob = defineJob({
  name: 'close-cosign-windows',
  description: '联名附议征集期满自动提交 / submit proposals whose co-signing window has ended',
  schedule: '*/5 * * * *',
  timezone: 'Asia/Shanghai',
  retryLimit: 1,
  expireInSeconds: 240,
  async handler(deps) {
    const counts = await closeCosignWindows(deps);
    if (counts.submitted > 0) {
      deps.log.info({ job: 'close-cosign-windows', ...counts }, `submitted ${counts.submitted} proposal(s)`);
    }
    return counts;
  },
});
