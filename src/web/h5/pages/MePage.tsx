import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, LangSwitch, usePageTitle } from '../components.tsx';
import { describeError } from '../errors.ts';
import { IconChevron, IconGlobe, IconHandHeart, IconKey, IconLogout, IconStar } from '../icons.tsx';
import { useLogout, useSignedInMe } from '../session.tsx';

export function MePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('me.title'));
  const me = useSignedInMe();
  const { logout, busy, error } = useLogout();
  const membership = me.active;

  return (
    <main className="h5-page">
      <header className="h5-profile">
        <span className="h5-avatar" aria-hidden="true">
          {me.user.displayName.slice(0, 1)}
        </span>
        <div className="h5-profile-text">
          <h1 className="h5-profile-name">{me.user.displayName}</h1>
          {membership ? <span className="h5-chip h5-chip-light">{t(`role.${membership.role}`)}</span> : null}
        </div>
      </header>

      <div className="h5-stack">
        <section className="h5-card h5-card-flush" aria-label={t('me.title')}>
          <dl className="h5-dl">
            <div>
              <dt>{t('me.mobile')}</dt>
              <dd data-testid="h5-me-mobile">{me.user.phone ?? t('me.noMobile')}</dd>
            </div>
            <div>
              <dt>{t('me.org')}</dt>
              <dd>{membership ? membership.org.name : t('home.noOrg')}</dd>
            </div>
            <div>
              <dt>{t('me.role')}</dt>
              <dd>{membership ? t(`role.${membership.role}`) : '—'}</dd>
            </div>
          </dl>
        </section>

        {membership?.role === 'worker' || membership?.role === 'donor' ? (
          <section className="h5-card h5-card-flush" aria-labelledby="me-wishes-title">
            <h2 id="me-wishes-title" className="h5-sr-only">
              {t('me.wishes')}
            </h2>
            {membership.role === 'worker' ? (
              <Link to="/wishes/mine" className="h5-row" data-testid="h5-me-wishes">
                <IconStar />
                <span className="h5-row-label">{t('wishEntry.mine')}</span>
                <IconChevron />
              </Link>
            ) : (
              <>
                <Link to="/wishes/claims" className="h5-row" data-testid="h5-me-claims">
                  <IconStar />
                  <span className="h5-row-label">{t('wishEntry.claims')}</span>
                  <IconChevron />
                </Link>
                <Link to="/wishes/profile" className="h5-row" data-testid="h5-me-donor-profile">
                  <IconHandHeart />
                  <span className="h5-row-label">{t('wishEntry.profile')}</span>
                  <IconChevron />
                </Link>
              </>
            )}
          </section>
        ) : null}

        <section className="h5-card h5-card-flush" aria-labelledby="account-title">
          <h2 id="account-title" className="h5-sr-only">
            {t('me.account')}
          </h2>
          <Link to="/me/password" className="h5-row">
            <IconKey />
            <span className="h5-row-label">{t('me.changePassword')}</span>
            <IconChevron />
          </Link>
          <div className="h5-row h5-row-static">
            <IconGlobe />
            <LangSwitch testId="h5-lang" />
          </div>
        </section>

        {error ? <Alert tone="error">{describeError(error, t, i18n.language).message}</Alert> : null}
        <button
          type="button"
          className="h5-btn h5-btn-danger h5-btn-block"
          onClick={() => void logout()}
          disabled={busy}
          aria-busy={busy}
          data-testid="h5-logout"
        >
          <IconLogout />
          {busy ? t('me.loggingOut') : t('me.logout')}
        </button>
      </div>
    </main>
  );
}
