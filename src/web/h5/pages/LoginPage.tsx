import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { authApi } from '../../shared/api.ts';
import { Alert, LangSwitch, PasswordField, TextField, usePageTitle } from '../components.tsx';
import { describeError, type ErrorView } from '../errors.ts';
import { meQueryKey } from '../session.tsx';

/** Only in-app paths: never an open redirect. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('login.title'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<ErrorView | null>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const client = useQueryClient();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = {
      username: username.trim() ? undefined : t('login.usernameRequired'),
      password: password ? undefined : t('login.passwordRequired'),
    };
    setMissing(m);
    if (m.username || m.password) {
      document.getElementById(m.username ? 'username' : 'password')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const me = await authApi.login(username.trim(), password);
      client.setQueryData(meQueryKey, me);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      setError(describeError(err, t, i18n.language));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <main className="h5-auth">
      <header className="h5-auth-hero">
        <span className="h5-logo" aria-hidden="true">
          家
        </span>
        <p className="h5-auth-app">{t('app.name')}</p>
        <p className="h5-auth-tagline">{t('ui.tagline')}</p>
      </header>
      <section className="h5-card h5-auth-card" aria-labelledby="login-heading">
        <h1 id="login-heading" className="h5-card-title">
          {t('login.heading')}
        </h1>
        {error ? (
          <Alert
            tone={error.locked ? 'warning' : 'error'}
            title={error.locked ? t('login.lockedTitle') : t('login.failedTitle')}
            testId="h5-login-error"
          >
            {error.message}
          </Alert>
        ) : null}
        <form onSubmit={submit} noValidate>
          <TextField
            id="username"
            label={t('login.username')}
            placeholder={t('login.usernamePlaceholder')}
            value={username}
            onValue={setUsername}
            error={missing.username}
            type="text"
            autoComplete="username"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            maxLength={64}
            enterKeyHint="next"
          />
          <PasswordField
            id="password"
            label={t('field.password')}
            placeholder={t('login.passwordPlaceholder')}
            value={password}
            onValue={setPassword}
            error={missing.password}
            autoComplete="current-password"
            maxLength={128}
            enterKeyHint="go"
          />
          <button
            type="submit"
            className="h5-btn h5-btn-primary h5-btn-block"
            disabled={busy}
            aria-busy={busy}
            data-testid="h5-login-submit"
          >
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p className="h5-auth-note">{t('login.forgot')}</p>
      </section>
      <p className="h5-auth-switch">
        {t('login.noAccount')}{' '}
        <Link to="/register" data-testid="h5-register-link">
          {t('login.register')}
        </Link>
      </p>
      <LangSwitch testId="h5-lang-login" compact />
    </main>
  );
}
