import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime } from '../../../shared/format.ts';
import { LoadFailed, Loading, useOptionalMe, usePageTitle } from '../../components.tsx';
import { ComplaintForm } from './ComplaintForm.tsx';
import { useDuty } from './data.ts';
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
