import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { TArchive, TSelfApplyInput } from '../../../../shared/hardship.ts';
import { halfWidthNumber, yuanTextToFen } from '../../../../shared/money.ts';
import { ApiError, api } from '../../../shared/api.ts';
import { formatYuan } from '../../../shared/format.ts';
import { Alert, SubHeader, TextField, usePageTitle } from '../../components.tsx';
import { DraftNotice, useDraft, useDraftForm } from '../../drafts.tsx';
import { describeError, mobileOk } from '../../errors.ts';
import { useSignedInMe } from '../../session.tsx';
import {
  fenToYuan,
  idCardProblem,
  isActive,
  myArchivesKey,
  RequiredMark,
  SelectField,
  TextAreaField,
  useMyArchives,
} from './common.tsx';

type Basic = TSelfApplyInput['basic'];
type Cause = TSelfApplyInput['causes']['main'];
type Health = Basic['health'];
type Housing = NonNullable<TSelfApplyInput['housing']>['type'];

// Enum values (the labels are in h5.i18n.ts); `satisfies` keeps them in step with the contract.
const healths = ['healthy', 'chronic', 'serious', 'disabled'] as const satisfies readonly Health[];
const disabilities = [
  'visual',
  'hearing',
  'speech',
  'physical',
  'intellectual',
  'mental',
  'multiple',
] as const satisfies readonly NonNullable<Basic['disabilityCategory']>[];
const workStatuses = [
  'employed',
  'laidOff',
  'unemployed',
  'retired',
  'migrant',
  'newForm',
] as const satisfies readonly Basic['workStatus'][];
const causes = [
  'noWorkAbility',
  'unemployedAble',
  'laidOff',
  'noSocialInsurance',
  'insufficientBenefits',
  'seriousIllness',
  'naturalDisaster',
  'accident',
  'schooling',
  'other',
] as const satisfies readonly Cause[];
const housings = ['owned', 'rented', 'public', 'other'] as const satisfies readonly Housing[];

/** Form fields, keyed by the server's field path so its errors land under the right input. */
const F = {
  name: 'basic.name',
  idCard: 'basic.idCard',
  mobile: 'basic.mobile',
  ethnicity: 'basic.ethnicity',
  health: 'basic.health',
  disability: 'basic.disabilityCategory',
  workStatus: 'basic.workStatus',
  employer: 'basic.employer',
  address: 'basic.address',
  main: 'causes.main',
  secondary: 'causes.secondary',
  otherText: 'causes.otherText',
  income: 'income.annualIncomeFen',
  medical: 'income.medicalExpenseFen',
  schooling: 'income.schoolingExpenseFen',
  size: 'income.householdSize',
  housing: 'housing.type',
  area: 'housing.areaM2',
  condition: 'housing.condition',
  note: 'note',
  consent: 'consent',
} as const;
type FieldPath = (typeof F)[keyof typeof F];
type Errors = Partial<Record<FieldPath, string>>;

/** The element to focus for a field path (radio groups focus their first radio). */
const domId = (path: FieldPath) => (path === F.health ? 'hs-health-healthy' : `hs-${path.replace('.', '-')}`);
const order = Object.values(F);

/** `/m/hardship/apply`: the worker's own application to their union. */
export function HardshipApplyPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('hardship.form.title'));
  const me = useSignedInMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const current = useMyArchives().data?.items.find(isActive);

  const draft = useDraftForm('hardship.apply');
  const [v, setV] = useDraft(
    'hardship.apply',
    'fields',
    {
      // Not the account's display name: it is often a nickname (岑师傅), and the archive needs the ID card's.
      name: '',
      idCard: '',
      // The account's number comes masked (139****0003): only a full number is worth prefilling.
      mobile: /^\d{11}$/.test(me.user.phone ?? '') ? (me.user.phone ?? '') : '',
      ethnicity: '',
      health: '' as Health | '',
      disability: '',
      workStatus: '',
      employer: '',
      address: '',
      main: '' as Cause | '',
      secondary: [] as Cause[],
      otherText: '',
      income: '',
      medical: '',
      schooling: '',
      size: '',
      housing: '' as Housing | '',
      area: '',
      condition: '',
      note: '',
      consent: false,
    },
    // The ID number stays off the phone's storage, and consent is given afresh.
    ['idCard', 'consent'],
  );
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => {
    setV((s) => ({ ...s, [k]: value }));
    const path = F[k];
    if (errors[path]) setErrors((e) => ({ ...e, [path]: undefined }));
  };
  const fieldError = (path: FieldPath) => errors[path];

  const tooLong = (s: string, max: number) =>
    s.trim().length > max ? t('hardship.form.tooLong', { max }) : undefined;
  const amountError = (s: string, required: boolean) =>
    !s.trim()
      ? required
        ? t('hardship.form.amountRequired')
        : undefined
      : yuanTextToFen(s) === null
        ? t('hardship.form.amountInvalid')
        : undefined;
  const sizeNumber = /^\d{1,2}$/.test(v.size) ? Number(v.size) : Number.NaN;

  const validate = (): Errors => {
    const id = idCardProblem(v.idCard);
    const usesOther = v.main === 'other' || v.secondary.includes('other');
    return {
      [F.name]: !v.name.trim() ? t('hardship.form.nameRequired') : tooLong(v.name, 40),
      [F.idCard]:
        id === 'required'
          ? t('hardship.form.idCardRequired')
          : id === 'format'
            ? t('hardship.form.idCardFormat')
            : id === 'checksum'
              ? t('hardship.form.idCardChecksum')
              : id === 'region'
                ? t('hardship.form.idCardRegion')
                : id === 'birthdate'
                  ? t('hardship.form.idCardBirthdate')
                  : undefined,
      [F.mobile]: v.mobile && !mobileOk(v.mobile) ? t('msg.mobileInvalid') : undefined,
      [F.ethnicity]: tooLong(v.ethnicity, 20),
      [F.health]: v.health ? undefined : t('hardship.form.healthRequired'),
      [F.disability]:
        v.health === 'disabled' && !v.disability ? t('hardship.form.disabilityRequired') : undefined,
      [F.workStatus]: v.workStatus ? undefined : t('hardship.form.workStatusRequired'),
      [F.employer]: tooLong(v.employer, 100),
      [F.address]: tooLong(v.address, 200),
      [F.main]: v.main ? undefined : t('hardship.form.mainCauseRequired'),
      [F.secondary]: v.secondary.length > 3 ? t('hardship.form.secondaryMax') : undefined,
      [F.otherText]:
        usesOther && !v.otherText.trim() ? t('hardship.form.otherTextRequired') : tooLong(v.otherText, 200),
      [F.income]: amountError(v.income, true),
      [F.medical]: amountError(v.medical, false),
      [F.schooling]: amountError(v.schooling, false),
      [F.size]: sizeNumber >= 1 && sizeNumber <= 30 ? undefined : t('hardship.form.householdSizeInvalid'),
      [F.area]:
        v.area.trim() && !/^\d{1,5}(\.\d{1,2})?$/.test(v.area.trim())
          ? t('hardship.form.areaInvalid')
          : undefined,
      [F.condition]: tooLong(v.condition, 200),
      [F.note]: tooLong(v.note, 500),
      [F.consent]: v.consent ? undefined : t('hardship.form.consentRequired'),
    };
  };

  const focusFirst = (e: Errors) => {
    const first = order.find((p) => e[p]);
    if (first) document.getElementById(domId(first))?.focus();
  };

  const body = (): TSelfApplyInput => {
    const opt = (s: string) => (s.trim() ? s.trim() : null);
    const usesOther = v.main === 'other' || v.secondary.includes('other');
    return {
      basic: {
        name: v.name.trim(),
        idCard: v.idCard.trim().toUpperCase(),
        mobile: opt(v.mobile),
        ethnicity: opt(v.ethnicity),
        health: v.health as Health,
        disabilityCategory: v.health === 'disabled' ? (v.disability as Basic['disabilityCategory']) : null,
        workStatus: v.workStatus as Basic['workStatus'],
        employer: opt(v.employer),
        address: opt(v.address),
        members: [],
      },
      causes: {
        main: v.main as Cause,
        secondary: v.secondary.filter((c) => c !== v.main),
        otherText: usesOther ? opt(v.otherText) : null,
      },
      income: {
        annualIncomeFen: yuanTextToFen(v.income) ?? 0,
        medicalExpenseFen: yuanTextToFen(v.medical) ?? 0,
        schoolingExpenseFen: yuanTextToFen(v.schooling) ?? 0,
        householdSize: sizeNumber,
      },
      housing: v.housing
        ? { type: v.housing, areaM2: v.area.trim() ? Number(v.area) : null, condition: opt(v.condition) }
        : null,
      ...(v.note.trim() ? { note: v.note.trim() } : {}),
    };
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found = validate();
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      setFailure(t('hardship.form.checkFields'));
      focusFirst(found);
      return;
    }
    setBusy(true);
    try {
      const created = await api.post<TArchive>('/api/v1/hardship/my/applications', body());
      draft.done();
      await client.invalidateQueries({ queryKey: myArchivesKey });
      navigate('/hardship', { replace: true, state: { applied: created.id } });
    } catch (err) {
      const view = describeError(err, t, i18n.language);
      const fromServer: Errors = {};
      const en = i18n.language.startsWith('en');
      for (const [name, message] of Object.entries(view.fields)) {
        const path = (order as string[]).includes(name) ? (name as FieldPath) : null;
        if (!path) continue;
        // The server words its field errors in Chinese; in English, show our own wording.
        fromServer[path] = en && path === F.idCard ? t('hardship.form.idCardInvalid') : message;
      }
      if (err instanceof ApiError && err.code === 'DUPLICATE_ARCHIVE') fromServer[F.idCard] = view.message;
      setErrors(fromServer);
      setFailure(view.message);
      focusFirst(fromServer);
      setBusy(false);
    }
  };

  const incomeFen = yuanTextToFen(v.income);
  const perCapita =
    incomeFen !== null && sizeNumber >= 1 && sizeNumber <= 30
      ? Math.floor(incomeFen / 12 / sizeNumber)
      : null;
  const usesOther = v.main === 'other' || v.secondary.includes('other');
  const req = (label: string) => (
    <>
      {label}
      <RequiredMark />
    </>
  );
  const opt = (label: string) => (
    <>
      {label} <span className="h5-opt">{t('hardship.form.optional')}</span>
    </>
  );
  const org = me.active?.org.name ?? '';

  // One household, one archive: with one in progress or on file, the page points to it (the list offers
  // no 申请 then either; this is for a bookmarked or typed address).
  if (current)
    return (
      <main className="h5-page">
        <SubHeader title={t('hardship.form.title')} back="/hardship" />
        <div className="h5-stack">
          <Alert tone="info" title={t('hardship.form.haveOneTitle')} testId="h5-hardship-have-one">
            {t('hardship.form.haveOne', { state: t(`hardship.state.${current.state}`) })}
          </Alert>
          <Link to={`/hardship/${current.id}`} className="h5-btn h5-btn-primary h5-btn-block">
            {t('hardship.form.viewMine')}
          </Link>
        </div>
      </main>
    );

  return (
    <main className="h5-page">
      <SubHeader title={t('hardship.form.title')} back="/hardship" />
      <p className="h5-hs-form-intro">{t('hardship.form.intro', { org })}</p>
      <form className="h5-hs-form" onSubmit={submit} noValidate data-testid="h5-hardship-form">
        <DraftNotice draft={draft} unsaved={t('hardship.form.draftIdCard')} />
        {failure ? (
          <Alert tone="error" title={t('hardship.form.failedTitle')} testId="h5-hardship-error">
            {failure}
          </Alert>
        ) : null}

        <section className="h5-card h5-hs-form-card" aria-labelledby="hs-sec-basic">
          <h2 id="hs-sec-basic" className="h5-card-title">
            {t('hardship.form.sectionBasic')}
          </h2>
          <TextField
            id={domId(F.name)}
            label={req(t('hardship.form.name'))}
            value={v.name}
            onValue={(x) => set('name', x)}
            error={fieldError(F.name)}
            placeholder={t('hardship.form.namePlaceholder')}
            autoComplete="name"
            maxLength={40}
            aria-required
          />
          <TextField
            id={domId(F.idCard)}
            label={req(t('hardship.form.idCard'))}
            placeholder={t('hardship.form.idCardPlaceholder')}
            value={v.idCard}
            onValue={(x) =>
              set(
                'idCard',
                halfWidthNumber(x)
                  .replace(/[^\dxX]/g, '')
                  .toUpperCase()
                  .slice(0, 18),
              )
            }
            error={fieldError(F.idCard)}
            inputMode="numeric"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={18}
            aria-required
            className="h5-hs-idcard"
            addon={
              <button
                type="button"
                className="h5-btn h5-btn-outline h5-hs-x"
                onClick={() => {
                  if (v.idCard.length === 17) set('idCard', `${v.idCard}X`);
                  document.getElementById(domId(F.idCard))?.focus();
                }}
                disabled={v.idCard.length !== 17}
                aria-label={t('hardship.form.typeX')}
              >
                X
              </button>
            }
          />
          <TextField
            id={domId(F.mobile)}
            label={opt(t('hardship.form.mobile'))}
            value={v.mobile}
            onValue={(x) => set('mobile', x.replace(/\D/g, '').slice(0, 11))}
            error={fieldError(F.mobile)}
            hint={t('hardship.form.mobileHint')}
            type="tel"
            inputMode="numeric"
            autoComplete="tel-national"
            maxLength={11}
          />
          <TextField
            id={domId(F.ethnicity)}
            label={opt(t('hardship.form.ethnicity'))}
            placeholder={t('hardship.form.ethnicityPlaceholder')}
            value={v.ethnicity}
            onValue={(x) => set('ethnicity', x)}
            error={fieldError(F.ethnicity)}
            maxLength={20}
          />
          <fieldset
            className={`h5-fieldset${fieldError(F.health) ? ' is-invalid' : ''}`}
            aria-describedby={fieldError(F.health) ? 'hs-health-error' : undefined}
          >
            <legend>{req(t('hardship.form.health'))}</legend>
            <div className="h5-choices">
              {healths.map((h) => (
                <div key={h} className="h5-choice">
                  <input
                    className="h5-choice-input"
                    type="radio"
                    id={`hs-health-${h}`}
                    name="health"
                    value={h}
                    checked={v.health === h}
                    onChange={() => set('health', h)}
                  />
                  <label htmlFor={`hs-health-${h}`} className="h5-choice-label">
                    <span className="h5-choice-title">{t(`hardship.health.${h}`)}</span>
                  </label>
                </div>
              ))}
            </div>
            {fieldError(F.health) ? (
              <p className="h5-field-error" id="hs-health-error">
                {fieldError(F.health)}
              </p>
            ) : null}
          </fieldset>
          {v.health === 'disabled' ? (
            <SelectField
              id={domId(F.disability)}
              label={t('hardship.form.disability')}
              required
              value={v.disability}
              onValue={(x) => set('disability', x)}
              error={fieldError(F.disability)}
              placeholder={t('hardship.form.choose')}
              options={disabilities.map((d) => ({ value: d, label: t(`hardship.disability.${d}`) }))}
            />
          ) : null}
          <SelectField
            id={domId(F.workStatus)}
            label={t('hardship.form.workStatus')}
            required
            value={v.workStatus}
            onValue={(x) => set('workStatus', x)}
            error={fieldError(F.workStatus)}
            placeholder={t('hardship.form.choose')}
            options={workStatuses.map((w) => ({ value: w, label: t(`hardship.work.${w}`) }))}
          />
          <TextField
            id={domId(F.employer)}
            label={opt(t('hardship.form.employer'))}
            placeholder={t('hardship.form.employerPlaceholder')}
            value={v.employer}
            onValue={(x) => set('employer', x)}
            error={fieldError(F.employer)}
            autoComplete="organization"
            maxLength={100}
          />
          <TextField
            id={domId(F.address)}
            label={opt(t('hardship.form.address'))}
            value={v.address}
            onValue={(x) => set('address', x)}
            error={fieldError(F.address)}
            hint={t('hardship.form.addressHint')}
            autoComplete="street-address"
            maxLength={200}
          />
        </section>

        <section className="h5-card h5-hs-form-card" aria-labelledby="hs-sec-causes">
          <h2 id="hs-sec-causes" className="h5-card-title">
            {t('hardship.form.sectionCauses')}
          </h2>
          <SelectField
            id={domId(F.main)}
            label={t('hardship.form.mainCause')}
            required
            value={v.main}
            onValue={(x) => {
              set('main', x as Cause | '');
              setV((s) => ({ ...s, main: x as Cause | '', secondary: s.secondary.filter((c) => c !== x) }));
            }}
            error={fieldError(F.main)}
            placeholder={t('hardship.form.choose')}
            options={causes.map((c) => ({ value: c, label: t(`hardship.cause.${c}`) }))}
          />
          <fieldset
            className={`h5-fieldset${fieldError(F.secondary) ? ' is-invalid' : ''}`}
            aria-describedby={fieldError(F.secondary) ? 'hs-causes-secondary-error' : undefined}
          >
            <legend>{opt(t('hardship.form.secondary'))}</legend>
            <div className="h5-hs-checks" id={domId(F.secondary)} tabIndex={-1}>
              {causes
                .filter((c) => c !== v.main)
                .map((c) => {
                  const checked = v.secondary.includes(c);
                  return (
                    <label key={c} className={`h5-hs-check${checked ? ' is-checked' : ''}`}>
                      <input
                        type="checkbox"
                        checked={checked}
                        disabled={!checked && v.secondary.length >= 3}
                        onChange={() =>
                          set('secondary', checked ? v.secondary.filter((x) => x !== c) : [...v.secondary, c])
                        }
                      />
                      <span>{t(`hardship.cause.${c}`)}</span>
                    </label>
                  );
                })}
            </div>
            {fieldError(F.secondary) ? (
              <p className="h5-field-error" id="hs-causes-secondary-error">
                {fieldError(F.secondary)}
              </p>
            ) : null}
          </fieldset>
          {usesOther ? (
            <TextField
              id={domId(F.otherText)}
              label={req(t('hardship.form.otherText'))}
              placeholder={t('hardship.form.otherTextPlaceholder')}
              value={v.otherText}
              onValue={(x) => set('otherText', x)}
              error={fieldError(F.otherText)}
              maxLength={200}
              aria-required
            />
          ) : null}
        </section>

        <section className="h5-card h5-hs-form-card" aria-labelledby="hs-sec-income">
          <h2 id="hs-sec-income" className="h5-card-title">
            {t('hardship.form.sectionIncome')}
          </h2>
          <TextField
            id={domId(F.income)}
            label={req(t('hardship.form.annualIncome'))}
            value={v.income}
            onValue={(x) => set('income', x)}
            error={fieldError(F.income)}
            hint={t('hardship.form.annualIncomeHint')}
            inputMode="decimal"
            autoComplete="off"
            maxLength={13}
            aria-required
          />
          <TextField
            id={domId(F.size)}
            label={req(t('hardship.form.householdSize'))}
            value={v.size}
            onValue={(x) => set('size', x.replace(/\D/g, '').slice(0, 2))}
            error={fieldError(F.size)}
            inputMode="numeric"
            pattern="[0-9]*"
            autoComplete="off"
            maxLength={2}
            aria-required
          />
          {perCapita !== null ? (
            <p className="h5-hs-percapita" role="status">
              {t('hardship.form.perCapita', { amount: formatYuan(fenToYuan(perCapita)) })}
            </p>
          ) : null}
          <TextField
            id={domId(F.medical)}
            label={opt(t('hardship.form.medical'))}
            value={v.medical}
            onValue={(x) => set('medical', x)}
            error={fieldError(F.medical)}
            inputMode="decimal"
            autoComplete="off"
            maxLength={13}
          />
          <TextField
            id={domId(F.schooling)}
            label={opt(t('hardship.form.schooling'))}
            value={v.schooling}
            onValue={(x) => set('schooling', x)}
            error={fieldError(F.schooling)}
            inputMode="decimal"
            autoComplete="off"
            maxLength={13}
          />
        </section>

        <section className="h5-card h5-hs-form-card" aria-labelledby="hs-sec-housing">
          <h2 id="hs-sec-housing" className="h5-card-title">
            {opt(t('hardship.form.sectionHousing'))}
          </h2>
          <SelectField
            id={domId(F.housing)}
            label={t('hardship.form.housingType')}
            value={v.housing}
            onValue={(x) => set('housing', x as Housing | '')}
            error={fieldError(F.housing)}
            placeholder={t('hardship.form.choose')}
            options={housings.map((h) => ({ value: h, label: t(`hardship.housing.${h}`) }))}
          />
          {v.housing ? (
            <>
              <TextField
                id={domId(F.area)}
                label={opt(t('hardship.form.area'))}
                value={v.area}
                onValue={(x) => set('area', x)}
                error={fieldError(F.area)}
                inputMode="decimal"
                autoComplete="off"
                maxLength={8}
              />
              <TextField
                id={domId(F.condition)}
                label={opt(t('hardship.form.condition'))}
                placeholder={t('hardship.form.conditionPlaceholder')}
                value={v.condition}
                onValue={(x) => set('condition', x)}
                error={fieldError(F.condition)}
                maxLength={200}
              />
            </>
          ) : null}
        </section>

        <section className="h5-card h5-hs-form-card" aria-labelledby="hs-sec-note">
          <h2 id="hs-sec-note" className="h5-card-title">
            {t('hardship.form.sectionNote')}
          </h2>
          <TextAreaField
            id={domId(F.note)}
            label={opt(t('hardship.form.note'))}
            placeholder={t('hardship.form.notePlaceholder')}
            value={v.note}
            onValue={(x) => set('note', x)}
            error={fieldError(F.note)}
            hint={`${v.note.trim().length} / 500`}
            rows={4}
            maxLength={500}
          />
        </section>

        <div className={`h5-hs-consent${fieldError(F.consent) ? ' is-invalid' : ''}`}>
          <p className="h5-hs-consent-title">{t('hardship.form.consentTitle')}</p>
          <label className="h5-hs-consent-label">
            <input
              type="checkbox"
              id={domId(F.consent)}
              checked={v.consent}
              onChange={(e) => set('consent', e.target.checked)}
              aria-invalid={fieldError(F.consent) ? true : undefined}
              aria-describedby={fieldError(F.consent) ? 'hs-consent-error' : undefined}
              data-testid="h5-hardship-consent"
            />
            <span>{t('hardship.form.consent')}</span>
          </label>
          {fieldError(F.consent) ? (
            <p className="h5-field-error" id="hs-consent-error">
              {fieldError(F.consent)}
            </p>
          ) : null}
        </div>

        <button
          type="submit"
          className="h5-btn h5-btn-primary h5-btn-block"
          disabled={busy}
          aria-busy={busy}
          data-testid="h5-hardship-submit"
        >
          {busy ? t('hardship.form.submitting') : t('hardship.form.submit')}
        </button>
      </form>
    </main>
  );
}
