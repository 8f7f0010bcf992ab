import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TComplaintInput, TErrand } from '../../../../shared/errands.ts';
import { halfWidthNumber } from '../../../../shared/money.ts';
import { phonePattern } from '../../../../shared/rules.ts';
import { api } from '../../../shared/api.ts';
import { Alert, TextField } from '../../components.tsx';
import { describeError } from '../../errors.ts';
import { RequiredMark, TextAreaField } from '../hardship/common.tsx';
import { errandsApi } from './data.ts';

type Field = 'errandCode' | 'name' | 'mobile' | 'content';

/**
 * 投诉. On `/m/errands` anyone may complain with the errand's code, a name and the caller's or the
 * recipient's mobile. On the worker's own errand (`errand` given) the code is that errand's, sent by id,
 * and the name and mobile start as the errand's caller (the worker), so only the complaint is typed.
 */
export function ComplaintForm({
  errand,
  onDone,
}: {
  errand?: Pick<TErrand, 'id' | 'code' | 'caller'>;
  onDone?: () => void;
} = {}) {
  const { t, i18n } = useTranslation();
  const [v, setV] = useState<Record<Field, string>>({
    errandCode: errand?.code ?? '',
    name: errand?.caller.name ?? '',
    mobile: errand?.caller.mobile ?? '',
    content: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (f: Field) => (x: string) => {
    setV((s) => ({ ...s, [f]: x }));
    setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found: Partial<Record<Field, string>> = {
      errandCode: v.errandCode.trim() ? undefined : t('errands.codeRequired'),
      name: v.name.trim() ? undefined : t('errands.nameRequired'),
      mobile: phonePattern.test(v.mobile.trim()) ? undefined : t('errands.phoneInvalid'),
      content: v.content.trim().length >= 5 ? undefined : t('errands.contentRequired'),
    };
    setErrors(found);
    const first = (Object.keys(found) as Field[]).find((k) => found[k]);
    if (first) {
      setFailure(t('errands.checkFields'));
      document.getElementById(`complaint-${first}`)?.focus();
      return;
    }
    setBusy(true);
    const body: TComplaintInput = {
      ...(errand ? { errandId: errand.id } : { errandCode: v.errandCode.trim().toUpperCase() }),
      name: v.name.trim(),
      mobile: v.mobile.trim(),
      content: v.content.trim(),
    };
    try {
      await api.post(`${errandsApi}/complaints`, body);
      setDone(true);
      onDone?.();
    } catch (err) {
      const view = describeError(err, t, i18n.language);
      const fromServer: Partial<Record<Field, string>> = {};
      for (const k of ['errandCode', 'name', 'mobile', 'content'] as const) {
        if (view.fields[k]) fromServer[k] = view.fields[k];
      }
      setErrors(fromServer);
      setFailure(view.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="h5-card" aria-labelledby="errand-complain" data-testid="h5-errand-complaint">
      <h2 id="errand-complain" className="h5-card-title">
        {t('errands.complain')}
      </h2>
      {done ? (
        <Alert tone="success" testId="h5-errand-complaint-done">
          {t('errands.complaintDone')}
        </Alert>
      ) : (
        <form className="h5-errand-form" onSubmit={submit} noValidate>
          <p className="h5-muted">{errand ? t('errands.complainMineIntro') : t('errands.complainIntro')}</p>
          {failure ? (
            <Alert tone="error" title={t('errands.failed')} testId="h5-errand-complaint-error">
              {failure}
            </Alert>
          ) : null}
          {errand ? null : (
            <TextField
              id="complaint-errandCode"
              label={
                <>
                  {t('errands.complaintCode')}
                  <RequiredMark />
                </>
              }
              placeholder={t('errands.complaintCodePlaceholder')}
              value={v.errandCode}
              onValue={set('errandCode')}
              error={errors.errandCode}
              autoCapitalize="characters"
              maxLength={30}
              aria-required
            />
          )}
          <TextField
            id="complaint-name"
            label={
              <>
                {t('errands.complaintName')}
                <RequiredMark />
              </>
            }
            value={v.name}
            onValue={set('name')}
            error={errors.name}
            maxLength={20}
            autoComplete="name"
            aria-required
          />
          <TextField
            id="complaint-mobile"
            label={
              <>
                {t('errands.complaintMobile')}
                <RequiredMark />
              </>
            }
            value={v.mobile}
            onValue={(x) => set('mobile')(halfWidthNumber(x).replace(/[^\d-]/g, ''))}
            error={errors.mobile}
            hint={t('errands.complaintMobileHint')}
            inputMode="tel"
            type="tel"
            maxLength={13}
            autoComplete="tel"
            aria-required
          />
          <TextAreaField
            id="complaint-content"
            label={
              <>
                {t('errands.complaintContent')}
                <RequiredMark />
              </>
            }
            value={v.content}
            onValue={set('content')}
            error={errors.content}
            rows={4}
            maxLength={500}
            aria-required
          />
          <button
            type="submit"
            className="h5-btn h5-btn-primary h5-btn-block"
            disabled={busy}
            aria-busy={busy}
            data-testid="h5-errand-complaint-submit"
          >
            {busy ? t('errands.working') : t('errands.complaintSubmit')}
          </button>
        </form>
      )}
    </section>
  );
}
