import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { TMe, TRegisterInput } from '../../../shared/auth.ts';
import type { OrgType } from '../../../shared/orgs.ts';
import { ApiError, api, rememberSession } from '../../shared/api.ts';
import { passwordProblem } from '../../shared/passwords.ts';
import { Alert, LangSwitch, PasswordField, Spinner, TextField, usePageTitle } from '../components.tsx';
import { describeError, type ErrorView, mobileOk } from '../errors.ts';
import { IconBack, IconCheck } from '../icons.tsx';
import { meQueryKey } from '../session.tsx';
import { safeNext } from './LoginPage.tsx';

/** One entry of the public union directory (`GET /api/v1/orgs/directory?q=`). */
interface DirectoryOrg {
  id: number;
  name: string;
  type: OrgType;
}

type Role = TRegisterInput['role'];
type Errors = Partial<
  Record<'mobile' | 'code' | 'displayName' | 'password' | 'confirm' | 'enterpriseName' | 'orgId', string>
>;
type DonorKind = 'person' | 'enterprise';
/** A donor says whether they give as a person or for a company (微心愿's 爱心人士 / 爱心企业). */
type RegisterBody = TRegisterInput & { donor?: { kind: DonorKind; enterpriseName?: string } };

const RESEND_SECONDS = 60;

/** Digits only; a pasted "+86 139 …" keeps the 11-digit number. */
function cleanMobile(v: string): string {
  const digits = v.replace(/\D/g, '');
  return (digits.length > 11 && digits.startsWith('86') ? digits.slice(2) : digits).slice(0, 11);
}

const maskMobile = (m: string) => `${m.slice(0, 3)}****${m.slice(7)}`;

/** Seconds left until the send-code button may be pressed again. */
function useCountdown(): [number, () => void] {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), 250);
    return () => clearTimeout(timer);
  }, [until, now]);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  return [
    left,
    () => {
      const start = Date.now();
      setNow(start);
      setUntil(start + RESEND_SECONDS * 1000);
    },
  ];
}

export function RegisterPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('register.title'));
  const navigate = useNavigate();
  const client = useQueryClient();

  const [mobile, setMobile] = useState('');
  const [code, setCode] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [params] = useSearchParams();
  // `?role=donor` from the wish wall's 注册爱心人士账号 link.
  const [role, setRole] = useState<Role>(params.get('role') === 'donor' ? 'donor' : 'worker');
  const [donorKind, setDonorKind] = useState<DonorKind>('person');
  const [enterpriseName, setEnterpriseName] = useState('');
  const [org, setOrg] = useState<DirectoryOrg | null>(null);
  const [orgQuery, setOrgQuery] = useState('');
  const [searchFor, setSearchFor] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<ErrorView | null>(null);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [left, startCountdown] = useCountdown();

  // Search the directory 300 ms after the last keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setSearchFor(orgQuery.trim()), 300);
    return () => clearTimeout(timer);
  }, [orgQuery]);
  const directory = useQuery({
    queryKey: ['orgs', 'directory', searchFor],
    queryFn: () => api.get<{ items: DirectoryOrg[] }>('/api/v1/orgs/directory', { q: searchFor }),
    enabled: searchFor.length > 0 && !org,
    staleTime: 5 * 60_000,
  });

  const setField = (name: keyof Errors, message: string | undefined) =>
    setErrors((e) => ({ ...e, [name]: message }));
  const focus = (id: string) => document.getElementById(id)?.focus();
  // Typing in a field clears its error: a message stays only while it is still true (or resubmitted).
  const edited =
    (name: keyof Errors, set: (v: string) => void) =>
    (v: string): void => {
      set(v);
      if (errors[name]) setField(name, undefined);
    };

  const sendCode = async () => {
    if (!mobileOk(mobile)) {
      setField('mobile', t('msg.mobileInvalid'));
      focus('mobile');
      return;
    }
    setSending(true);
    setField('mobile', undefined);
    setSentTo(null);
    try {
      await api.post('/api/v1/auth/codes', { mobile, purpose: 'register' });
      startCountdown();
      setSentTo(mobile);
      focus('code');
    } catch (err) {
      const view = describeError(err, t, i18n.language);
      setField('mobile', view.fields.mobile ?? view.message);
      focus('mobile');
    } finally {
      setSending(false);
    }
  };

  const validate = (): Errors => ({
    mobile: mobileOk(mobile) ? undefined : t('msg.mobileInvalid'),
    code: /^\d{6}$/.test(code) ? undefined : t('register.codeInvalid'),
    displayName: !displayName.trim()
      ? t('register.nameRequired')
      : displayName.trim().length > 40
        ? t('register.nameTooLong')
        : undefined,
    password: passwordProblem(t, password) ?? undefined,
    confirm: !confirm
      ? t('register.confirmRequired')
      : confirm !== password
        ? t('msg.passwordMismatch')
        : undefined,
    enterpriseName:
      role !== 'donor' || donorKind !== 'enterprise'
        ? undefined
        : !enterpriseName.trim()
          ? t('register.enterpriseRequired')
          : enterpriseName.trim().length > 80
            ? t('register.enterpriseTooLong')
            : undefined,
    orgId: org ? undefined : t('register.orgRequired'),
  });

  /** Focus the first field with a problem, in the order they appear. */
  const focusFirst = (e: Errors) => {
    const order: [keyof Errors, string][] = [
      ['mobile', 'mobile'],
      ['code', 'code'],
      ['displayName', 'displayName'],
      ['password', 'password'],
      ['confirm', 'confirm'],
      ['enterpriseName', 'enterpriseName'],
      ['orgId', org ? 'org-change' : 'orgSearch'],
    ];
    const first = order.find(([k]) => e[k]);
    if (first) focus(first[1]);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found = validate();
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      focusFirst(found);
      return;
    }
    if (!org) return;
    setBusy(true);
    try {
      const body: RegisterBody = {
        mobile,
        code,
        displayName: displayName.trim(),
        password,
        role,
        orgId: org.id,
        ...(role === 'donor'
          ? {
              donor:
                donorKind === 'enterprise'
                  ? { kind: donorKind, enterpriseName: enterpriseName.trim() }
                  : { kind: donorKind },
            }
          : {}),
      };
      const me = await api.post<TMe>('/api/v1/auth/register', body);
      rememberSession(me);
      client.setQueryData(meQueryKey, me);
      // Back to where the sign-up started (e.g. the wish the donor wants to claim).
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      const view = describeError(err, t, i18n.language);
      const { 'donor.enterpriseName': enterpriseError, ...rest } = view.fields;
      const fromServer: Errors = { ...rest, ...(enterpriseError ? { enterpriseName: enterpriseError } : {}) };
      if (err instanceof ApiError && err.code === 'MOBILE_TAKEN') fromServer.mobile = view.message;
      setErrors(fromServer);
      setFailure(view);
      focusFirst(fromServer);
      setBusy(false);
    }
  };

  const sendLabel = sending
    ? t('register.sending')
    : left > 0
      ? t('register.resendIn', { seconds: left })
      : sentTo
        ? t('register.resend')
        : t('register.sendCode');

  return (
    <main className="h5-auth h5-register">
      <header className="h5-subheader">
        <Link to="/login" className="h5-back" aria-label={t('ui.back')}>
          <IconBack />
        </Link>
        <h1>{t('register.heading')}</h1>
        <span className="h5-back-placeholder" />
      </header>
      <p className="h5-register-intro">{t('register.intro')}</p>
      <form className="h5-card h5-form-card" onSubmit={submit} noValidate>
        {failure ? (
          <Alert
            tone={failure.locked ? 'warning' : 'error'}
            title={t('register.failedTitle')}
            testId="h5-register-error"
          >
            {failure.message}
          </Alert>
        ) : null}
        <TextField
          id="mobile"
          label={t('field.mobile')}
          placeholder={t('register.mobilePlaceholder')}
          value={mobile}
          onValue={edited('mobile', (v) => setMobile(cleanMobile(v)))}
          error={errors.mobile}
          type="tel"
          inputMode="numeric"
          autoComplete="tel-national"
          maxLength={13}
          enterKeyHint="next"
        />
        <TextField
          id="code"
          label={t('register.code')}
          placeholder={t('register.codePlaceholder')}
          value={code}
          onValue={edited('code', (v) => setCode(v.replace(/\D/g, '').slice(0, 6)))}
          error={errors.code}
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          enterKeyHint="next"
          addon={
            <button
              type="button"
              className="h5-btn h5-btn-outline h5-code-btn"
              onClick={() => void sendCode()}
              disabled={sending || left > 0}
              data-testid="h5-send-code"
            >
              {sendLabel}
            </button>
          }
          hint={
            sentTo ? (
              <span role="status">{t('register.codeSent', { mobile: maskMobile(sentTo) })}</span>
            ) : undefined
          }
        />
        <TextField
          id="displayName"
          label={t('field.displayName')}
          placeholder={t('register.namePlaceholder')}
          value={displayName}
          onValue={edited('displayName', setDisplayName)}
          error={errors.displayName}
          type="text"
          autoComplete="name"
          maxLength={40}
          enterKeyHint="next"
        />
        <PasswordField
          id="password"
          label={t('register.password')}
          value={password}
          onValue={edited('password', setPassword)}
          error={errors.password}
          hint={t('msg.passwordRule')}
          autoComplete="new-password"
          maxLength={128}
          enterKeyHint="next"
        />
        <PasswordField
          id="confirm"
          label={t('register.confirm')}
          value={confirm}
          onValue={edited('confirm', setConfirm)}
          error={errors.confirm}
          autoComplete="new-password"
          maxLength={128}
          enterKeyHint="next"
        />

        <fieldset className="h5-fieldset">
          <legend>{t('register.role')}</legend>
          <div className="h5-choices">
            {(['worker', 'donor'] as const).map((r) => (
              <div key={r} className="h5-choice">
                <input
                  className="h5-choice-input"
                  type="radio"
                  id={`role-${r}`}
                  name="role"
                  value={r}
                  checked={role === r}
                  onChange={() => setRole(r)}
                />
                <label htmlFor={`role-${r}`} className="h5-choice-label">
                  <span className="h5-choice-title">{t(`role.${r}`)}</span>
                  <span className="h5-choice-desc">
                    {t(r === 'worker' ? 'register.roleWorkerDesc' : 'register.roleDonorDesc')}
                  </span>
                </label>
              </div>
            ))}
          </div>
        </fieldset>

        {role === 'donor' ? (
          <fieldset className="h5-fieldset" data-testid="h5-register-donor-kind">
            <legend>{t('register.donorKind')}</legend>
            <div className="h5-choices">
              {(['person', 'enterprise'] as const).map((k) => (
                <div key={k} className="h5-choice">
                  <input
                    className="h5-choice-input"
                    type="radio"
                    id={`donor-${k}`}
                    name="donorKind"
                    value={k}
                    checked={donorKind === k}
                    onChange={() => setDonorKind(k)}
                  />
                  <label htmlFor={`donor-${k}`} className="h5-choice-label">
                    <span className="h5-choice-title">{t(`register.donor.${k}`)}</span>
                    <span className="h5-choice-desc">{t(`register.donor.${k}Desc`)}</span>
                  </label>
                </div>
              ))}
            </div>
            {donorKind === 'enterprise' ? (
              <TextField
                id="enterpriseName"
                label={t('register.enterpriseName')}
                placeholder={t('register.enterprisePlaceholder')}
                value={enterpriseName}
                onValue={edited('enterpriseName', setEnterpriseName)}
                error={errors.enterpriseName}
                type="text"
                autoComplete="organization"
                maxLength={80}
                aria-required
              />
            ) : null}
          </fieldset>
        ) : null}

        <fieldset className={`h5-fieldset${errors.orgId ? ' is-invalid' : ''}`}>
          <legend>{role === 'donor' ? t('register.orgDonor') : t('register.org')}</legend>
          {org ? (
            <div className="h5-org-chosen">
              <span className="h5-org-check" aria-hidden="true">
                <IconCheck />
              </span>
              <div className="h5-org-text">
                <span className="h5-sr-only">{t('register.orgChosen')}: </span>
                <span className="h5-org-name">{org.name}</span>
                <span className="h5-org-type">{t(`orgType.${org.type}`)}</span>
              </div>
              <button
                type="button"
                id="org-change"
                className="h5-btn h5-btn-text"
                onClick={() => {
                  setOrg(null);
                  setTimeout(() => focus('orgSearch'), 0);
                }}
              >
                {t('register.orgChange')}
              </button>
            </div>
          ) : (
            <>
              <TextField
                id="orgSearch"
                label={t('register.orgSearch')}
                placeholder={t('register.orgSearchPlaceholder')}
                value={orgQuery}
                onValue={setOrgQuery}
                error={errors.orgId}
                type="search"
                autoComplete="off"
                enterKeyHint="search"
                maxLength={60}
                onKeyDown={(e) => {
                  // Enter searches at once instead of submitting the whole form.
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    setSearchFor(orgQuery.trim());
                  }
                }}
              />
              <OrgResults
                query={searchFor}
                loading={directory.isFetching}
                failed={directory.isError}
                items={directory.data?.items}
                onPick={(o) => {
                  setOrg(o);
                  setField('orgId', undefined);
                  setTimeout(() => focus('org-change'), 0);
                }}
              />
            </>
          )}
        </fieldset>

        <button
          type="submit"
          className="h5-btn h5-btn-primary h5-btn-block"
          disabled={busy}
          aria-busy={busy}
          data-testid="h5-register-submit"
        >
          {busy ? t('register.submitting') : t('register.submit')}
        </button>
      </form>
      <p className="h5-auth-switch">
        {t('register.haveAccount')} <Link to="/login">{t('register.login')}</Link>
      </p>
      <LangSwitch testId="h5-lang-register" compact />
    </main>
  );
}

function OrgResults({
  query,
  loading,
  failed,
  items,
  onPick,
}: {
  query: string;
  loading: boolean;
  failed: boolean;
  items: DirectoryOrg[] | undefined;
  onPick: (o: DirectoryOrg) => void;
}) {
  const { t } = useTranslation();
  if (!query) return null;
  if (loading) return <Spinner label={t('register.orgSearching')} />;
  if (failed)
    return (
      <p className="h5-muted" role="status">
        {t('err.network')}
      </p>
    );
  if (!items || items.length === 0)
    return (
      <p className="h5-muted" role="status">
        {t('register.orgNone', { q: query })}
      </p>
    );
  return (
    <ul className="h5-org-list" aria-label={t('register.orgResults')}>
      {items.map((o) => (
        <li key={o.id}>
          <button type="button" className="h5-org-option" onClick={() => onPick(o)}>
            <span className="h5-org-name">{o.name}</span>
            <span className="h5-org-type">{t(`orgType.${o.type}`)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
