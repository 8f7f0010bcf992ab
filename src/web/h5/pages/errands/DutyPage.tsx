import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TComplaintInput } from '../../../../shared/errands.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { Alert, LoadFailed, Loading, TextField, useOptionalMe, usePageTitle } from '../../components.tsx';
import { describeError, mobileOk } from '../../errors.ts';
import { RequiredMark, TextAreaField } from '../hardship/common.tsx';
import { errandsApi, useDuty } from './data.ts';
import { CallButton, isCourier, isWorker } from './ui.tsx';

/**
 * `/m/errands` (public): what 及时送 is, the union's hotlines as tap-to-call buttons, who is on duty
 * now, 我要申请 for workers, 我的接单 for couriers, and the complaint form.
 */
export function DutyPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('errands.title'));
  const me = useOptionalMe();
  const [params] = useSearchParams();
  const duty = useDuty(params.get('org'), me);
  const worker = isWorker(me);
  const courier = isCourier(me);
  // Signed in, and no union above them runs 及时送: say so rather than offer a form the server refuses.
  const notOffered = Boolean(me) && duty.isSuccess && duty.data === null;
  return (
    <main className="h5-page h5-errand-page" data-testid="h5-errand-duty">
      <header className="h5-errand-hero">
        <h1>{t('errands.heroTitle')}</h1>
        <p>{t('errands.heroText')}</p>
      </header>
      <div className="h5-stack h5-errand-lift">
        <section className="h5-card" aria-labelledby="errand-hotlines">
          <h2 id="errand-hotlines" className="h5-card-title">
            {t('errands.hotlines')}
            {duty.data ? <span className="h5-errand-org"> · {duty.data.org.name}</span> : null}
          </h2>
          {duty.isLoading ? (
            <Loading />
          ) : duty.isError ? (
            <LoadFailed onRetry={() => void duty.refetch()} />
          ) : !duty.data ? (
            <p className="h5-muted" data-testid={notOffered ? 'h5-errand-not-offered' : undefined}>
              {notOffered ? t('errands.notOffered') : t('errands.chooseOrg')}
            </p>
          ) : duty.data.hotlines.length === 0 ? (
            <p className="h5-muted">{t('errands.noHotlines')}</p>
          ) : (
            <>
              <p className="h5-muted h5-errand-hint">{t('errands.hotlinesHint')}</p>
              <div className="h5-errand-calls" data-testid="h5-errand-hotlines">
                {duty.data.hotlines.map((h) => (
                  <CallButton
                    key={`${h.label}-${h.number}`}
                    number={h.number}
                    label={h.allDay ? `${h.label} · ${t('errands.allDay')}` : h.label}
                  />
                ))}
              </div>
            </>
          )}
          {duty.data ? (
            <div className="h5-errand-duty" data-testid="h5-errand-on-duty">
              <h3>{t('errands.onDuty')}</h3>
              {duty.data.onDuty.length === 0 ? (
                <p className="h5-muted">{t('errands.nobodyOnDuty')}</p>
              ) : (
                <ul>
                  {duty.data.onDuty.map((d, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list
                    <li key={i}>
                      <strong>{d.name}</strong>
                      {d.hotline ? ` · ${d.hotline}` : null}
                      <span className="h5-muted">
                        {' '}
                        {t('errands.onDutyUntil', { time: formatDateTime(d.until, i18n.language) })}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ) : null}
        </section>

        {courier ? (
          <section className="h5-card">
            <p className="h5-muted">{t('errands.courierHint')}</p>
            <Link
              to="/errands/courier"
              className="h5-btn h5-btn-primary h5-btn-block"
              data-testid="h5-errand-queue-link"
            >
              {t('errands.courierQueue')}
            </Link>
          </section>
        ) : !me || worker ? (
          <section className="h5-card">
            {notOffered ? null : (
              <p className="h5-muted">{t(me ? 'errands.applyHintSignedIn' : 'errands.applyHint')}</p>
            )}
            <div className="h5-errand-actions">
              {notOffered ? null : (
                <Link
                  to={me ? '/errands/new' : `/login?next=${encodeURIComponent('/errands/new')}`}
                  className="h5-btn h5-btn-primary"
                  data-testid="h5-errand-apply"
                >
                  {me ? t('errands.apply') : t('errands.signInToApply')}
                </Link>
              )}
              {worker ? (
                <Link to="/errands/mine" className="h5-btn h5-btn-outline" data-testid="h5-errand-mine-link">
                  {t('errands.mine')}
                </Link>
              ) : null}
            </div>
          </section>
        ) : null}

        {/* No union of theirs runs 及时送, so there is no errand of theirs to complain about. */}
        {notOffered ? null : <ComplaintForm />}
      </div>
    </main>
  );
}

type Field = 'errandCode' | 'name' | 'mobile' | 'content';

function ComplaintForm() {
  const { t, i18n } = useTranslation();
  const [v, setV] = useState<Record<Field, string>>({ errandCode: '', name: '', mobile: '', content: '' });
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
      mobile: mobileOk(v.mobile.trim()) ? undefined : t('errands.mobileInvalid'),
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
      errandCode: v.errandCode.trim().toUpperCase(),
      name: v.name.trim(),
      mobile: v.mobile.trim(),
      content: v.content.trim(),
    };
    try {
      await api.post(`${errandsApi}/complaints`, body);
      setDone(true);
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
          <p className="h5-muted">{t('errands.complainIntro')}</p>
          {failure ? (
            <Alert tone="error" title={t('errands.failed')} testId="h5-errand-complaint-error">
              {failure}
            </Alert>
          ) : null}
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
            onValue={(x) => set('mobile')(x.replace(/\D/g, ''))}
            error={errors.mobile}
            hint={t('errands.complaintMobileHint')}
            inputMode="tel"
            type="tel"
            maxLength={11}
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
