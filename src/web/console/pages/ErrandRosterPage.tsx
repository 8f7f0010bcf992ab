/*
 * 值班与电话 (/errands/roster; `?orgId=` another union of the caller's subtree, `?week=` a Monday):
 * who is on duty now, the union's duty and complaint lines, the week's shifts, and the alert thresholds.
 * Selectors for browser tests:
 *   errand-duty-now, errand-hotlines, errand-hotline-new, errand-hotline-edit-<id>,
 *   errand-hotline-{label,number,submit}, errand-shifts, errand-week, errand-week-{prev,next,label},
 *   errand-day-<YYYY-MM-DD>, errand-shift-<id>, errand-shift-delete-<id>, errand-shift-new,
 *   errand-shift-add-<YYYY-MM-DD>, errand-shift-{user,hotline,date,preset,submit,conflict},
 *   errand-settings, errand-settings-{source,accept,deliver,save}, errand-roster-org.
 */
import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { useSession } from '../session.tsx';
import { bjToday, errandPerm, isDay, mondayOf } from './errands/roster.model.ts';
import { DutyNowCard } from './errands/rosterDuty.tsx';
import { HotlinesCard } from './errands/rosterHotlines.tsx';
import { SettingsCard } from './errands/rosterSettings.tsx';
import { ShiftsWeekCard } from './errands/rosterShifts.tsx';
import { OrgSelect } from './users/OrgSelect.tsx';
import './hardship/hardship.css';
import './errands/roster.css';

export default function ErrandRosterPage() {
  const { t } = useTranslation();
  const { can, me } = useSession();
  const [params, setParams] = useSearchParams();
  const own = me.active?.org;
  const asked = Number(params.get('orgId'));
  const orgId = Number.isInteger(asked) && asked > 0 ? asked : (own?.id ?? 0);
  const week = mondayOf(isDay(params.get('week')) ? (params.get('week') as string) : bjToday());
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: key === 'week' });
  };
  const canEdit = can(errandPerm.roster);
  // The chosen union's name (the settings card says whose thresholds it saves).
  const other = useQuery({
    queryKey: ['orgs', 'one', orgId],
    queryFn: () => api.get<{ id: number; name: string }>(`/api/v1/orgs/${orgId}`),
    enabled: orgId !== own?.id,
    staleTime: 60_000,
  });
  const orgName = orgId === own?.id ? own.name : (other.data?.name ?? '');

  return (
    <div className="nj-hs nj-er">
      <div className="nj-hs-head">
        <div>
          <Typography.Title level={2} style={{ fontSize: 20, marginBottom: 4 }}>
            {t('errandRoster.roster.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('errandRoster.roster.subtitle')}</Typography.Text>
        </div>
        <div className="nj-er-org">
          <span id="nj-er-org-label">{t('errandRoster.roster.org')}</span>
          <OrgSelect
            value={orgId}
            onChange={(v) => set('orgId', v === undefined || v === own?.id ? undefined : String(v))}
            known={own ? [{ id: own.id, name: own.name }] : []}
            className="nj-er-org-select"
            aria-labelledby="nj-er-org-label"
            data-testid="errand-roster-org"
          />
        </div>
      </div>
      <div className="nj-er-top">
        <DutyNowCard orgId={orgId} />
        <HotlinesCard orgId={orgId} canEdit={canEdit} />
      </div>
      <ShiftsWeekCard
        orgId={orgId}
        week={week}
        onWeek={(w) => set('week', w === undefined || w === mondayOf(bjToday()) ? undefined : w)}
        canEdit={canEdit}
      />
      <SettingsCard
        orgId={orgId}
        orgName={orgName || t('errandRoster.settings.thisOrg')}
        canEdit={can(errandPerm.settings)}
      />
    </div>
  );
}
