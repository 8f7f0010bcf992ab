import { purgeExpiredSessions } from '../auth/sessions.ts';
import { defineJob } from './registry.ts';

/**
 * Delete sessions past their idle expiry or revoked. `expires_at` already carries the configured
 * idle timeout (SESSION_IDLE_MINUTES, slid forward on use), so the purge only compares with now().
 */
export const purgeExpiredSessionsJob = defineJob({
  name: 'purge-expired-sessions',
  description: '清理过期和已注销的会话 / delete expired and revoked sessions',
  schedule: '*/15 * * * *',
  retryLimit: 1,
  expireInSeconds: 300,
  async handler(deps) {
    const purged = await purgeExpiredSessions(deps.database.db);
    deps.log.info(
      { job: 'purge-expired-sessions', purged, idleMinutes: deps.config.sessionIdleMinutes },
      `purged ${purged} expired session(s)`,
    );
    return { purged };
  },
});
