/**
 * Client-side helpers of the 值班与电话 and 投诉 console pages (issue #7): API paths, query keys,
 * permissions, enum labels (Chinese from the shared contract via `errand-roster.i18n.ts`) and the
 * Beijing clock (shifts are entered and shown in China Standard Time whatever the browser's zone).
 */
import { useTranslation } from 'react-i18next';
import type {
  complaintOutcomes,
  complaintStates,
  hotlineKinds,
  TComplaint,
  TDutyNow,
  TErrandListItem,
  TErrandSettings,
  THotline,
  THotlineInput,
  TShift,
  TShiftInput,
} from '../../../../shared/errands.ts';
import { registerErrandRosterStrings } from '../errand-roster.i18n.ts';

export * from './roster.clock.ts';

export type {
  TComplaint,
  TDutyNow,
  TErrandListItem,
  TErrandSettings,
  THotline,
  THotlineInput,
  TShift,
  TShiftInput,
};
export type HotlineKind = (typeof hotlineKinds)[number];
export type ComplaintState = (typeof complaintStates)[number];
export type ComplaintOutcome = (typeof complaintOutcomes)[number];

registerErrandRosterStrings();

export const ERRANDS_API = '/api/v1/errands';
export const HOTLINES_API = `${ERRANDS_API}/hotlines`;
export const SHIFTS_API = `${ERRANDS_API}/shifts`;
export const DUTY_API = `${ERRANDS_API}/duty`;
export const SETTINGS_API = `${ERRANDS_API}/settings`;
export const COMPLAINTS_API = `${ERRANDS_API}/complaints`;

export const rosterKey = ['errands', 'roster'] as const;
export const complaintsKey = ['errands', 'complaints'] as const;

export const errandPerm = {
  view: 'errands.view',
  roster: 'errands.roster',
  settings: 'errands.settings',
  complaints: 'errands.complaints',
} as const;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function useRosterLabels() {
  const { t } = useTranslation();
  return (kind: 'hotlineKind' | 'complaintState' | 'complaintOutcome', value: string) =>
    t(`errandRoster.enum.${kind}.${value}`);
}

export const hotlineKindColor: Record<HotlineKind, string> = {
  duty: 'blue',
  complaint: 'orange',
  both: 'purple',
};
export const outcomeColor: Record<ComplaintOutcome, string> = {
  upheld: 'red',
  explained: 'blue',
  unfounded: 'default',
};
