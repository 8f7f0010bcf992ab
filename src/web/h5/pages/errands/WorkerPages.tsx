import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { mobilePattern } from '../../../../shared/common.ts';
import type { TErrand, TWorkerErrandInput } from '../../../../shared/errands.ts';
import { phonePattern } from '../../../../shared/rules.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { Alert, EmptyCard, LoadFailed, Loading, Page, TextField, useOptionalMe } from '../../components.tsx';
import { DraftNotice, useDraft, useDraftForm } from '../../drafts.tsx';
import { describeError } from '../../errors.ts';
import { RequiredMark, SelectField, TextAreaField } from '../hardship/common.tsx';
import { ComplaintForm } from './ComplaintForm.tsx';
import {
  errandsApi,
  formatMinutes,
  type ItemKind,
  itemKinds,
  type RequesterKind,
  requesterKinds,
  useDuty,
  useErrand,
  useMyErrands,
} from './data.ts';
import { DeliveryPhoto, Durations, Row, StateChip, Timeline } from './ui.tsx';

type Field =
  | 'requesterKind'
  | 'recipientName'
  | 'recipientPhone'
  | 'recipientAddress'
  | 'itemKinds'
  | 'items'
  | 'pickupAddress'
  | 'pickupContact'
  | 'pickupMobile'
  | 'note';
type Errors = Partial<Record<Field, string>>;
const order: Field[] = [
  'requesterKind',
  'recipientName',
  'recipientPhone',
  'recipientAddress',
  'itemKinds',
  'items',
  'pickupAddress',
  'pickupContact',
  'pickupMobile',
  'note',
];

/** `/m/errands/new`: a worker asks for an errand (ZWorkerErrandInput). */
export function NewErrandPage() {
  const { t, i18n } = useTranslation();
  const me = useOptionalMe();
  const duty = useDuty(null, me);
  const navigate = useNavigate();
  const client = useQueryClient();
  const draft = useDraftForm('errands.new');
  const [v, setV] = useDraft('errands.new', 'fields', {
    requesterKind: '',
    recipientName: me?.user.displayName ?? '',
    // A worker signs in with their mobile (the session shows it masked elsewhere); most errands are for themselves.
    recipientPhone: mobilePattern.test(me?.user.username ?? '') ? (me?.user.username ?? '') : '',
    recipientAddress: '',
    items: '',
    pickupAddress: '',
    pickupContact: '',
    pickupMobile: '',
    note: '',
  });
  const [kinds, setKinds] = useDraft<ItemKind[]>('errands.new', 'kinds', []);
  const [urgent, setUrgent] = useDraft('errands.new', 'urgent', false);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const clear = (f: Field) => setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  const set = (f: Exclude<Field, 'itemKinds'>) => (x: string) => {
    setV((s) => ({ ...s, [f]: x }));
    clear(f);
  };
  const focus = (e: Errors) => {
    const first = order.find((k) => e[k]);
    if (first)
      document.getElementById(first === 'itemKinds' ? 'errand-kind-clothing' : `errand-${first}`)?.focus();
  };
  const validate = (): Errors => {
    const req = (s: string, field: string) =>
      s.trim() ? undefined : t('errands.fill', { field: t(`errands.${field}`) });
    const phone = (s: string) => (phonePattern.test(s.trim()) ? undefined : t('errands.phoneInvalid'));
    const addr = (s: string) => (s.trim().length >= 4 ? undefined : t('errands.addressRequired'));
    return {
      requesterKind: v.requesterKind ? undefined : t('errands.choose', { field: t('errands.requesterKind') }),
      recipientName: req(v.recipientName, 'recipientName'),
      recipientPhone: phone(v.recipientPhone),
      recipientAddress: addr(v.recipientAddress),
      itemKinds: kinds.length ? undefined : t('errands.kindsRequired'),
      items: v.items.trim().length >= 2 ? undefined : t('errands.itemsRequired'),
      pickupAddress: addr(v.pickupAddress),
      pickupContact: req(v.pickupContact, 'pickupContact'),
      pickupMobile: phone(v.pickupMobile),
    };
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found = validate();
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      setFailure(t('errands.checkFields'));
      focus(found);
      return;
    }
    setBusy(true);
    const body: TWorkerErrandInput = {
      requesterKind: v.requesterKind as RequesterKind,
      recipientName: v.recipientName.trim(),
      recipientPhone: v.recipientPhone.trim(),
      recipientAddress: v.recipientAddress.trim(),
      itemKinds: kinds,
      items: v.items.trim(),
      pickupAddress: v.pickupAddress.trim(),
      pickupContact: v.pickupContact.trim(),
      pickupMobile: v.pickupMobile.trim(),
      urgency: urgent ? 'urgent' : 'normal',
      note: v.note.trim() || null,
    };
    try {
      const saved = await api.post<TErrand>(`${errandsApi}/mine`, body);
      draft.done();
      await client.invalidateQueries({ queryKey: ['errands', 'mine'] });
      navigate(`/errands/mine/${saved.id}`, { replace: true, state: { flash: t('errands.submitted') } });
    } catch (err) {
      const view = describeError(err, t, i18n.language);
      const fromServer: Errors = {};
      for (const k of order) if (view.fields[k]) fromServer[k] = view.fields[k];
      setErrors(fromServer);
      setFailure(view.message);
      focus(fromServer);
      setBusy(false);
    }
  };
  const label = (key: string) => (
    <>
      {t(key)}
      <RequiredMark />
    </>
  );
  if (me && duty.isSuccess && duty.data === null) {
    // No union above the worker runs 及时送: the server would refuse the form after it is filled in.
    return (
      <Page title={t('errands.newTitle')} back="/errands" testId="h5-errand-new">
        <Alert tone="info" title={t('errands.newTitle')} testId="h5-errand-not-offered">
          {t('errands.notOffered')}
        </Alert>
      </Page>
    );
  }
  return (
    <Page title={t('errands.newTitle')} back="/errands" testId="h5-errand-new">
      <form className="h5-card h5-errand-form" onSubmit={submit} noValidate>
        <p className="h5-muted">{t('errands.newIntro')}</p>
        <DraftNotice draft={draft} />
        {failure ? (
          <Alert tone="error" title={t('errands.failed')} testId="h5-errand-form-error">
            {failure}
          </Alert>
        ) : null}
        <SelectField
          id="errand-requesterKind"
          label={t('errands.requesterKind')}
          required
          value={v.requesterKind}
          onValue={set('requesterKind')}
          placeholder={t('errands.requesterKindPlaceholder')}
          options={requesterKinds.map((k) => ({ value: k, label: t(`errands.requester.${k}`) }))}
          error={errors.requesterKind}
        />
        <TextField
          id="errand-recipientName"
          label={label('errands.recipientName')}
          value={v.recipientName}
          onValue={set('recipientName')}
          error={errors.recipientName}
          maxLength={20}
          aria-required
        />
        <TextField
          id="errand-recipientPhone"
          label={label('errands.recipientPhone')}
          value={v.recipientPhone}
          onValue={set('recipientPhone')}
          error={errors.recipientPhone}
          type="tel"
          inputMode="tel"
          maxLength={13}
          aria-required
        />
        <TextField
          id="errand-recipientAddress"
          label={label('errands.recipientAddress')}
          value={v.recipientAddress}
          onValue={set('recipientAddress')}
          error={errors.recipientAddress}
          maxLength={120}
          aria-required
        />
        <fieldset className={`h5-fieldset${errors.itemKinds ? ' is-invalid' : ''}`}>
          <legend>
            {t('errands.itemKindsLegend')}
            <RequiredMark />
          </legend>
          <div className="h5-errand-kinds">
            {itemKinds.map((k) => (
              <label key={k} className="h5-errand-kind" htmlFor={`errand-kind-${k}`}>
                <input
                  type="checkbox"
                  id={`errand-kind-${k}`}
                  checked={kinds.includes(k)}
                  onChange={(e) => {
                    setKinds((s) => (e.target.checked ? [...s, k] : s.filter((x) => x !== k)));
                    clear('itemKinds');
                  }}
                />
                <span>{t(`errands.itemKind.${k}`)}</span>
              </label>
            ))}
          </div>
          {errors.itemKinds ? <p className="h5-field-error">{errors.itemKinds}</p> : null}
        </fieldset>
        <TextAreaField
          id="errand-items"
          label={label('errands.items')}
          placeholder={t('errands.itemsPlaceholder')}
          value={v.items}
          onValue={set('items')}
          error={errors.items}
          rows={3}
          maxLength={300}
          aria-required
        />
        <TextField
          id="errand-pickupAddress"
          label={label('errands.pickupAddress')}
          value={v.pickupAddress}
          onValue={set('pickupAddress')}
          error={errors.pickupAddress}
          maxLength={120}
          aria-required
        />
        <TextField
          id="errand-pickupContact"
          label={label('errands.pickupContact')}
          value={v.pickupContact}
          onValue={set('pickupContact')}
          error={errors.pickupContact}
          maxLength={20}
          aria-required
        />
        <TextField
          id="errand-pickupMobile"
          label={label('errands.pickupMobile')}
          value={v.pickupMobile}
          onValue={set('pickupMobile')}
          error={errors.pickupMobile}
          type="tel"
          inputMode="tel"
          maxLength={13}
          aria-required
        />
        <label className="h5-errand-kind h5-errand-urgent" htmlFor="errand-urgent">
          <input
            type="checkbox"
            id="errand-urgent"
            checked={urgent}
            onChange={(e) => setUrgent(e.target.checked)}
          />
          <span>{t('errands.urgent')}</span>
        </label>
        <TextAreaField
          id="errand-note"
          label={t('errands.note')}
          value={v.note}
          onValue={set('note')}
          error={errors.note}
          rows={2}
          maxLength={300}
        />
        <button
          type="submit"
          className="h5-btn h5-btn-primary h5-btn-block"
          disabled={busy}
          aria-busy={busy}
          data-testid="h5-errand-submit"
        >
          {busy ? t('errands.submitting') : t('errands.submit')}
        </button>
      </form>
    </Page>
  );
}

/** `/m/errands/mine`: the worker's errands with their states. */
export function MyErrandsPage() {
  const { t, i18n } = useTranslation();
  const mine = useMyErrands();
  return (
    <Page title={t('errands.mine')} back="/errands" testId="h5-errand-mine">
      <Link to="/errands/new" className="h5-btn h5-btn-primary h5-btn-block" data-testid="h5-errand-apply">
        {t('errands.apply')}
      </Link>
      {mine.isPending ? (
        <Loading />
      ) : mine.isError ? (
        <LoadFailed onRetry={() => void mine.refetch()} />
      ) : mine.data.length === 0 ? (
        <EmptyCard title={t('errands.mineEmpty')} />
      ) : (
        <ul className="h5-errand-list" data-testid="h5-errand-mine-list">
          {mine.data.map((e) => (
            <li key={e.id} data-errand-id={e.id}>
              <Link to={`/errands/mine/${e.id}`} className="h5-errand-item">
                <span className="h5-errand-item-head">
                  <span className="h5-errand-code">{e.code}</span>
                  <StateChip state={e.state} />
                </span>
                <span className="h5-errand-item-title">{e.items}</span>
                <span className="h5-muted h5-small">
                  {formatDateTime(e.calledAt, i18n.language)}
                  {e.minutesToDelivery !== null
                    ? ` · ${t('errands.toDelivery')} ${formatMinutes(e.minutesToDelivery, i18n.language)}`
                    : null}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

/** `/m/errands/mine/:id`: the worker's errand and its progress with times. */
export function MyErrandPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const errand = useErrand(Number.isInteger(id) ? id : 0, 'mine');
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  return (
    <Page title={t('errands.detailTitle')} back="/errands/mine" testId="h5-errand-mine-detail">
      {flash ? (
        <Alert tone="success" testId="h5-errand-flash">
          {flash}
        </Alert>
      ) : null}
      {errand.isPending ? (
        <Loading />
      ) : errand.isError ? (
        <LoadFailed onRetry={() => void errand.refetch()} message={t('errands.notFound')} />
      ) : (
        <ErrandSummary errand={errand.data} onChanged={() => void errand.refetch()} />
      )}
    </Page>
  );
}

function ErrandSummary({ errand: e, onChanged }: { errand: TErrand; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const [complaining, setComplaining] = useState(false);
  // A complaint is about a service that happened: not before a courier has the errand.
  const mayComplain = !['pending', 'cancelled', 'merged'].includes(e.state);
  return (
    <>
      <section className="h5-card h5-card-flush">
        <dl className="h5-dl">
          <Row label={t('errands.code')} testId="h5-errand-code">
            {e.code}
          </Row>
          <Row label={t('errands.stateLabel')}>
            <StateChip state={e.state} testId="h5-errand-state" />
            {e.urgency === 'urgent' ? (
              <span className="h5-chip h5-chip-red" data-testid="h5-errand-urgent">
                {t('errands.urgency.urgent')}
              </span>
            ) : null}
          </Row>
          <Row label={t('errands.itemsLabel')}>{e.items}</Row>
          <Row label={t('errands.itemKindsShort')}>
            {e.itemKinds.map((k) => t(`errands.itemKind.${k}`)).join('、')}
          </Row>
          <Row label={t('errands.pickupAddress')} testId="h5-errand-pickup">
            {e.pickup.address}
          </Row>
          <Row label={t('errands.pickupContact')}>{`${e.pickup.contact} ${e.pickup.mobile}`}</Row>
          <Row label={t('errands.recipient')}>{`${e.recipient.name} ${e.recipient.phone}`}</Row>
          <Row label={t('errands.address')}>{e.recipient.address}</Row>
          {e.note ? <Row label={t('errands.note')}>{e.note}</Row> : null}
          {e.courierOrg ? <Row label={t('errands.courierOrg')}>{e.courierOrg.name}</Row> : null}
          {e.courier ? <Row label={t('errands.courier')}>{e.courier.name}</Row> : null}
          {e.receivedBy ? <Row label={t('errands.receivedBy')}>{e.receivedBy}</Row> : null}
        </dl>
        <DeliveryPhoto url={e.photoUrl} />
      </section>
      <Durations errand={e} />
      <Timeline errand={e} />
      {e.complaints.length > 0 ? (
        <section
          className="h5-card"
          aria-labelledby="errand-my-complaints"
          data-testid="h5-errand-complaints"
        >
          <h2 id="errand-my-complaints" className="h5-card-title">
            {t('errands.myComplaints')}
          </h2>
          <ul className="h5-errand-complaints">
            {e.complaints.map((c) => (
              <li key={c.id} data-testid={`h5-errand-complaint-${c.id}`}>
                <p className="h5-muted h5-small">
                  {formatDateTime(c.createdAt, i18n.language)} ·{' '}
                  {c.state === 'answered' ? t('errands.complaintAnswered') : t('errands.complaintOpen')}
                </p>
                <p>{c.content}</p>
                {c.answer ? (
                  <div className="h5-errand-answer">
                    <strong>
                      {t('errands.complaintAnswer')}
                      {c.outcome ? `（${t(`errands.outcome.${c.outcome}`)}）` : null}
                    </strong>
                    <p>{c.answer}</p>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {mayComplain ? (
        complaining ? (
          <ComplaintForm errand={e} onDone={onChanged} />
        ) : (
          <button
            type="button"
            className="h5-btn h5-btn-block"
            onClick={() => setComplaining(true)}
            data-testid="h5-errand-complain-open"
          >
            {t('errands.complainThis')}
          </button>
        )
      ) : null}
    </>
  );
}
