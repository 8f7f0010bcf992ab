import { Descriptions } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TAuditEntry } from '../../../../shared/audit.ts';
import {
  type AuditValueFormat,
  auditDetailEntries,
  auditDetailValue,
} from '../../../../shared/audit-labels.ts';
import { formatDateTime, formatYuan } from '../../../shared/format.ts';

/** One detail value as a cadre reads it, in the page's language. */
export function detailValue(
  t: TFunction,
  lang: string,
  entry: Pick<TAuditEntry, 'action' | 'entityType'>,
  key: string,
  value: unknown,
): string {
  const fmt: AuditValueFormat = {
    yes: t('audit.yes'),
    no: t('audit.no'),
    time: (iso) => formatDateTime(iso, lang),
    yuan: formatYuan,
  };
  return auditDetailValue(entry, key, value, fmt);
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
        items={auditDetailEntries(detail).map(([key, value]) => ({
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
