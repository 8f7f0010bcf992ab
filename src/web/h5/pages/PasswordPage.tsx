import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { authApi } from '../../shared/api.ts';
import { passwordProblem } from '../../shared/passwords.ts';
import { Alert, PasswordField, SubHeader, usePageTitle } from '../components.tsx';
import { describeError } from '../errors.ts';
import { meQueryKey, useLogout, useSignedInMe } from '../session.tsx';

type Errors = Partial<Record<'oldPassword' | 'newPassword' | 'confirm', string>>;

export function PasswordPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('password.title'));
  const me = useSignedInMe();
  const client = useQueryClient();
  const forced = me.user.mustChangePassword;
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const { logout, busy: leaving } = useLogout();

  const focusFirst = (e: Errors) => {
    const first = (['oldPassword', 'newPassword', 'confirm'] as const).find((k) => e[k]);
    if (first) document.getElementById(first)?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found: Errors = {
      oldPassword: oldPassword ? undefined : t('password.oldRequired'),
      newPassword: passwordProblem(t, newPassword) ?? undefined,
      confirm: !confirm
        ? t('password.confirmRequired')
        : confirm !== newPassword
          ? t('msg.passwordMismatch')
          : undefined,
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      focusFirst(found);
      return;
    }
    setBusy(true);
    try {
      const next = await authApi.changePassword(oldPassword, newPassword);
      setDone(true);
      setOldPassword('');
      setNewPassword('');
      setConfirm('');
      client.setQueryData(meQueryKey, next);
    } catch (err) {
      const view = describeError(err, t, i18n.language);
      const fromServer: Errors = {
        oldPassword: view.fields.oldPassword,
        newPassword: view.fields.newPassword,
      };
      setErrors(fromServer);
      // The alert repeats nothing the fields already say.
      setFailure(fromServer.oldPassword || fromServer.newPassword ? null : view.message);
      focusFirst(fromServer);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <main className="h5-page">
        <SubHeader title={t('password.title')} back="/me" />
        <div className="h5-stack">
          <Alert tone="success" title={t('password.done')}>
            {t('password.doneBody')}
          </Alert>
          <Link to="/me" className="h5-btn h5-btn-primary h5-btn-block">
            {t('password.backToMe')}
          </Link>
        </div>
      </main>
    );
  }

  return (
    <main className="h5-page">
      <SubHeader title={t('password.title')} back={forced ? undefined : '/me'} />
      <form className="h5-card h5-form-card h5-stack-card" onSubmit={submit} noValidate>
        <p className={forced ? 'h5-alert h5-alert-warning h5-alert-body' : 'h5-muted'}>
          {forced ? t('password.forced') : t('password.intro')}
        </p>
        {failure ? <Alert tone="error">{failure}</Alert> : null}
        {/* For password managers: which account this password belongs to. */}
        <input type="text" name="username" autoComplete="username" value={me.user.username} readOnly hidden />
        <PasswordField
          id="oldPassword"
          label={t('field.oldPassword')}
          value={oldPassword}
          onValue={setOldPassword}
          error={errors.oldPassword}
          autoComplete="current-password"
          maxLength={128}
        />
        <PasswordField
          id="newPassword"
          label={t('field.newPassword')}
          value={newPassword}
          onValue={setNewPassword}
          error={errors.newPassword}
          hint={t('msg.passwordRule')}
          autoComplete="new-password"
          maxLength={128}
        />
        <PasswordField
          id="confirm"
          label={t('field.confirmPassword')}
          value={confirm}
          onValue={setConfirm}
          error={errors.confirm}
          autoComplete="new-password"
          maxLength={128}
        />
        <button
          type="submit"
          className="h5-btn h5-btn-primary h5-btn-block"
          disabled={busy}
          aria-busy={busy}
          data-testid="h5-password-submit"
        >
          {busy ? t('ui.submitting') : t('password.submit')}
        </button>
        {forced ? (
          <button
            type="button"
            className="h5-btn h5-btn-text h5-btn-block"
            onClick={() => void logout()}
            disabled={leaving}
          >
            {leaving ? t('me.loggingOut') : t('me.logout')}
          </button>
        ) : null}
      </form>
    </main>
  );
}
