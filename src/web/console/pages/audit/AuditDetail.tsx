import { Descriptions } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { appealStateLabels } from '../../../../shared/appeals.ts';
import type { TAuditEntry } from '../../../../shared/audit.ts';
import { dutyRecordStateLabels } from '../../../../shared/duty.ts';
import { errandStateLabels } from '../../../../shared/errands.ts';
import {
  archiveStateLabels,
  assistanceTypeLabels,
  hardshipCategoryLabels,
} from '../../../../shared/hardship.ts';
import { transferStateLabels } from '../../../../shared/hardship-transfer.ts';
import { proposalStateLabels } from '../../../../shared/proposals.ts';
import {
  requestStateLabels,
  shipmentStateLabels,
  specialStateLabels,
  urgencyLabels,
} from '../../../../shared/supplies.ts';
import { surveyStateLabels } from '../../../../shared/surveys.ts';
import { userStateLabels } from '../../../../shared/users.ts';
import { wishCategoryLabels, wishStateLabels } from '../../../../shared/wishes.ts';
import { formatDateTime, formatYuan } from '../../../shared/format.ts';

type Labels = Readonly<Record<string, string>>;

/** The states of each record kind that moves through a workflow (the `from`/`to` of its audit rows). */
const stateLabels: Record<string, Labels> = {
  'hardship.archive': archiveStateLabels,
  'hardship.transfer': transferStateLabels,
  'wishes.wish': wishStateLabels,
  'errands.errand': errandStateLabels,
  'proposals.proposal': proposalStateLabels,
  'proposals.appeal': appealStateLabels,
  'duty.record': dutyRecordStateLabels,
  'supplies.request': requestStateLabels,
  'supplies.shipment': shipmentStateLabels,
  'supplies.special': specialStateLabels,
  'surveys.survey': surveyStateLabels,
  user: userStateLabels,
};

/** Codes in other fields whose Chinese name the platform knows, by field. */
const valueLabels: Record<string, Labels> = {
  suggestedCategory: hardshipCategoryLabels,
  urgency: urgencyLabels,
};

/** Codes whose meaning depends on the record kind: `type` of an assistance, `category` of a wish. */
const valueLabelsByAction: Record<string, Record<string, Labels>> = {
  'hardship.assistance': { type: assistanceTypeLabels },
  'wishes.wish': { category: wishCategoryLabels },
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One detail value as a cadre reads it: money in 元, times in Beijing time, codes by their name. */
export function detailValue(
  t: TFunction,
  lang: string,
  entry: Pick<TAuditEntry, 'action' | 'entityType'>,
  key: string,
  value: unknown,
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('audit.yes') : t('audit.no');
  if (typeof value === 'number') return key.endsWith('Fen') ? formatYuan(value / 100) : String(value);
  if (typeof value === 'string') {
    if (ISO_TIME.test(value)) return formatDateTime(value, lang);
    const byAction = valueLabelsByAction[entry.action.split('.').slice(0, 2).join('.')]?.[key];
    const labels =
      key === 'from' || key === 'to' || key === 'state'
        ? stateLabels[entry.entityType ?? '']
        : (byAction ?? valueLabels[key]);
    return labels?.[value] ?? value;
  }
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return value.length === 0 ? '—' : value.map((v) => detailValue(t, lang, entry, key, v)).join('、');
  }
  return JSON.stringify(value);
}

/** An audit row's detail as labelled fields, with the stored record below for the auditor who needs it. */
export function AuditDetail({ entry }: { entry: TAuditEntry }) {
  const { t, i18n } = useTranslation();
  const detail = entry.detail ?? {};
  return (
    <div className="nj-audit-detail" data-testid="audit-detail">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={Object.entries(detail).map(([key, value]) => ({
          key,
          label: <span title={key}>{t(`audit.field.${key}`, { defaultValue: key })}</span>,
          children: detailValue(t, i18n.language, entry, key, value),
        }))}
      />
      <details className="nj-audit-raw">
        <summary>{t('audit.rawDetail')}</summary>
        <pre>{JSON.stringify(detail, null, 2)}</pre>
      </details>
    </div>
  );
}
