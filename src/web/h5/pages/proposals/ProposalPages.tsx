import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { TAppeal } from '../../../../shared/appeals.ts';
import type { TProposal, TProposalSummary } from '../../../../shared/proposals.ts';
import { api } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import {
  Alert,
  ConfirmSheet,
  EmptyCard,
  LoadFailed,
  Loading,
  Page,
  Sheet,
  TextField,
  useOptionalMe,
} from '../../components.tsx';
import { DraftNotice, useDraft, useDraftForm } from '../../drafts.tsx';
import { describeError } from '../../errors.ts';
import { Row } from '../errands/ui.tsx';
import { RequiredMark, SelectField, TextAreaField } from '../hardship/common.tsx';
import {
  base,
  canOpenCosign,
  categories,
  cosignProgress,
  isRepresentative,
  type ProposalCategory,
  type ProposalScope,
  type ProposalView,
  proposalKey,
  type Satisfaction,
  satisfactions,
  useAppeal,
  useMySeats,
  useProposal,
  useProposals,
  useRepresentatives,
} from './data.ts';
import { useMyCongress } from './HubPages.tsx';
import {
  DraftAttachmentsField,
  ProposalAttachments,
  uploadDraftAttachments,
} from './ProposalAttachments.tsx';
import { LoopSteps, ProposalChip, Updates, useFlash } from './ui.tsx';

const tabs: { key: ProposalScope; label: string; repOnly: boolean }[] = [
  { key: 'mine', label: 'congress.myProposals', repOnly: true },
  { key: 'cosign', label: 'congress.cosignInbox', repOnly: true },
  { key: 'all', label: 'congress.unionProposals', repOnly: false },
];

/** `/m/congress/proposals?tab=mine|cosign|all`: my proposals, invitations to co-sign, the union's. */

/**
 * 提案 / 建议, and 原申报提案 when a requested 提案 is handled as a 建议 (too few co-signers), so its TA
 * number and its title explain themselves, as on the console.
 */
function kindText(t: TFunction, p: Pick<TProposalSummary, 'kind' | 'requestedKind'>): string {
  const kind = t(`congress.kind.${p.kind}`);
  return p.requestedKind === p.kind
    ? kind
    : `${kind}（${t('congress.requestedAs', { kind: t(`congress.kind.${p.requestedKind}`) })}）`;
}

export function ProposalsPage() {
  const { t, i18n } = useTranslation();
  const rep = isRepresentative(useOptionalMe());
  const [params, setParams] = useSearchParams();
  const wanted = params.get('tab') as ProposalScope | null;
  const tab: ProposalScope = rep ? (wanted ?? 'mine') : 'all';
  const list = useProposals(tab);
  const shown = tabs.filter((x) => rep || !x.repOnly);
  return (
    <Page
      title={t(tabs.find((x) => x.key === tab)?.label ?? 'congress.title')}
      back="/congress"
      testId="h5-proposals"
    >
      {shown.length > 1 ? (
        <div className="h5-segmented h5-errand-tabs" role="tablist">
          {shown.map((x) => (
            <button
              key={x.key}
              type="button"
              role="tab"
              aria-selected={tab === x.key}
              data-testid={`h5-proposals-tab-${x.key}`}
              onClick={() => setParams({ tab: x.key }, { replace: true })}
            >
              {t(x.label)}
            </button>
          ))}
        </div>
      ) : null}
      {rep && tab === 'mine' ? (
        <Link
          to="/congress/proposals/new"
          className="h5-btn h5-btn-primary h5-btn-block"
          data-testid="h5-proposal-new"
        >
          {t('congress.newProposal')}
        </Link>
      ) : null}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadFailed onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyCard title={t(tab === 'cosign' ? 'congress.cosignEmpty' : 'congress.proposalsEmpty')} />
      ) : (
        <ul className="h5-errand-list" data-testid="h5-proposals-list">
          {list.data.items.map((p) => (
            <li key={p.id} data-proposal-id={p.id}>
              <Link
                to={`/congress/proposals/${p.id}`}
                className="h5-errand-item"
                data-testid={`h5-proposal-item-${p.id}`}
              >
                <span className="h5-errand-item-head">
                  <span className="h5-errand-code">
                    {kindText(t, p)} · {p.code}
                  </span>
                  <ProposalChip state={p.state} />
                </span>
                <span className="h5-errand-item-title">{p.title}</span>
                <span className="h5-muted h5-small">
                  {p.proposer.name} · {t(`congress.categoryName.${p.category}`)}
                  {p.cosignedCount ? ` · ${t('congress.signedCount', { count: p.cosignedCount })}` : ''}
                </span>
                <span className="h5-muted h5-small">
                  {formatDateTime(p.submittedAt ?? p.createdAt, i18n.language)}
                  {p.overdue ? <span className="h5-congress-overdue"> · {t('congress.overdue')}</span> : null}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

type Field = 'title' | 'category' | 'reasons' | 'request';
type Errors = Partial<Record<Field, string>>;
const order: Field[] = ['title', 'category', 'reasons', 'request'];

/** `/m/congress/proposals/new` and `/:id/edit`: the representative's draft and its invited co-signers. */
export function ProposalFormPage() {
  const id = Number(useParams().id ?? 0);
  const existing = useProposal(Number.isInteger(id) ? id : 0);
  const { t } = useTranslation();
  // 职工事大家议 → 提案: the union asked this representative to take up an appeal (`?fromAppeal=`).
  const fromAppeal = Number(useSearchParams()[0].get('fromAppeal') ?? 0);
  const source = useAppeal(id > 0 || !Number.isInteger(fromAppeal) ? 0 : fromAppeal);
  if (!(id > 0) && fromAppeal > 0 && source.isPending)
    return (
      <Page title={t('congress.newProposal')} back="/congress/proposals">
        <Loading />
      </Page>
    );
  if (id > 0 && existing.isPending)
    return (
      <Page title={t('congress.editProposal')} back="/congress/proposals">
        <Loading />
      </Page>
    );
  if (id > 0 && (existing.isError || !existing.data)) {
    return (
      <Page title={t('congress.editProposal')} back="/congress/proposals">
        <LoadFailed onRetry={() => void existing.refetch()} message={t('congress.notFound')} />
      </Page>
    );
  }
  return (
    <ProposalForm
      existing={id > 0 ? (existing.data ?? null) : null}
      source={id > 0 ? null : (source.data ?? null)}
    />
  );
}

function ProposalForm({ existing, source }: { existing: ProposalView | null; source: TAppeal | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useOptionalMe();
  const c = useMyCongress();
  const seats = useMySeats(true);
  const congressId = existing?.congress.id ?? c.congress?.id;
  const threshold = existing?.cosignThreshold ?? c.congress?.cosignThreshold ?? 2;
  const reps = useRepresentatives(congressId);
  const draftName = `proposals.${existing ? existing.id : source ? `appeal-${source.id}` : 'new'}`;
  const draft = useDraftForm(draftName);
  const [v, setV] = useDraft(draftName, 'fields', {
    title: existing?.title ?? source?.title ?? '',
    category: existing?.category ?? source?.category ?? '',
    reasons: existing?.reasons ?? source?.text ?? '',
    request: existing?.request ?? '',
  });
  const [kind, setKind] = useDraft<'proposal' | 'suggestion'>(
    draftName,
    'kind',
    existing?.requestedKind ?? 'proposal',
  );
  const [invited, setInvited] = useDraft<number[]>(
    draftName,
    'invited',
    existing?.cosigners.filter((x) => x.state !== 'withdrawn').map((x) => x.representativeId) ?? [],
  );
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [picked, setPicked] = useState<File[]>([]);
  const set = (f: Field) => (x: string) => {
    setV((s) => ({ ...s, [f]: x }));
    setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  };
  const focus = (e: Errors) => {
    const first = order.find((k) => e[k]);
    if (first) document.getElementById(`proposal-${first}`)?.focus();
  };
  const mySeatIds = new Set((seats.data ?? []).map((s) => s.id));
  const others = (reps.data?.items ?? []).filter((r) => !mySeatIds.has(r.id) && r.user.id !== me?.user.id);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found: Errors = {
      title: v.title.trim().length >= 4 ? undefined : t('congress.titleRequired'),
      category: v.category ? undefined : t('congress.categoryRequired'),
      reasons: v.reasons.trim().length >= 10 ? undefined : t('congress.reasonsRequired'),
      request: v.request.trim().length >= 10 ? undefined : t('congress.requestRequired'),
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      setFailure(t('congress.checkFields'));
      focus(found);
      return;
    }
    if (!congressId) return;
    setBusy(true);
    const body = {
      kind,
      title: v.title.trim(),
      category: v.category as ProposalCategory,
      reasons: v.reasons.trim(),
      request: v.request.trim(),
      cosignerIds: kind === 'proposal' ? invited : [],
    };
    try {
      const saved = existing
        ? await api.patch<TProposal>(`${base}/proposals/${existing.id}`, body)
        : await api.post<TProposal>(`${base}/proposals`, {
            ...body,
            congressId,
            ...(source ? { sourceAppealId: source.id } : {}),
          });
      draft.done();
      await uploadDraftAttachments(saved.id, picked, t, i18n.language);
      await client.invalidateQueries({ queryKey: ['proposals'] });
      navigate(`/congress/proposals/${saved.id}`, { replace: true, state: { flash: t('congress.saved') } });
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
  return (
    <Page
      title={existing ? t('congress.editProposal') : t('congress.newProposal')}
      back={existing ? `/congress/proposals/${existing.id}` : '/congress/proposals?tab=mine'}
      testId="h5-proposal-form"
    >
      <form className="h5-card h5-errand-form" onSubmit={submit} noValidate>
        {c.congress || existing ? (
          <p className="h5-muted">{existing?.congress.name ?? c.congress?.name}</p>
        ) : null}
        <DraftNotice draft={draft} />
        {source ? (
          <Alert tone="info" testId="h5-proposal-from-appeal">
            {t('congress.fromAppeal', { code: source.code, title: source.title })}
          </Alert>
        ) : null}
        {failure ? (
          <Alert tone="error" title={t('congress.failed')} testId="h5-proposal-form-error">
            {failure}
          </Alert>
        ) : null}
        <fieldset className="h5-fieldset">
          <legend>{t('congress.kindLabel')}</legend>
          <div className="h5-errand-kinds">
            {(['proposal', 'suggestion'] as const).map((k) => (
              <label key={k} className="h5-errand-kind" htmlFor={`proposal-kind-${k}`}>
                <input
                  type="radio"
                  name="proposal-kind"
                  id={`proposal-kind-${k}`}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                />
                <span>{t(`congress.kind.${k}`)}</span>
              </label>
            ))}
          </div>
          {kind === 'proposal' ? (
            <p className="h5-field-hint">{t('congress.kindHint', { threshold })}</p>
          ) : null}
        </fieldset>
        <TextField
          id="proposal-title"
          label={
            <>
              {t('congress.titleLabel')}
              <RequiredMark />
            </>
          }
          value={v.title}
          onValue={set('title')}
          error={errors.title}
          maxLength={80}
          aria-required
        />
        <SelectField
          id="proposal-category"
          label={t('congress.category')}
          required
          value={v.category}
          onValue={set('category')}
          placeholder={t('congress.categoryPlaceholder')}
          options={categories.map((k) => ({ value: k, label: t(`congress.categoryName.${k}`) }))}
          error={errors.category}
        />
        <TextAreaField
          id="proposal-reasons"
          label={
            <>
              {t('congress.reasons')}
              <RequiredMark />
            </>
          }
          placeholder={t('congress.reasonsPlaceholder')}
          value={v.reasons}
          onValue={set('reasons')}
          error={errors.reasons}
          rows={5}
          maxLength={3000}
          aria-required
        />
        <TextAreaField
          id="proposal-request"
          label={
            <>
              {t('congress.request')}
              <RequiredMark />
            </>
          }
          placeholder={t('congress.requestPlaceholder')}
          value={v.request}
          onValue={set('request')}
          error={errors.request}
          rows={5}
          maxLength={3000}
          aria-required
        />
        {kind === 'proposal' ? (
          <fieldset className="h5-fieldset" data-testid="h5-proposal-invite">
            <legend>{t('congress.invite')}</legend>
            <p className="h5-field-hint">{t('congress.inviteHint', { count: invited.length })}</p>
            {reps.isPending ? (
              <Loading />
            ) : (
              <div className="h5-congress-invite">
                {others.map((r) => (
                  <label key={r.id} className="h5-errand-kind" htmlFor={`proposal-invite-${r.id}`}>
                    <input
                      type="checkbox"
                      id={`proposal-invite-${r.id}`}
                      data-testid={`h5-invite-${r.user.name}`}
                      checked={invited.includes(r.id)}
                      onChange={(e) =>
                        setInvited((s) => (e.target.checked ? [...s, r.id] : s.filter((x) => x !== r.id)))
                      }
                    />
                    <span>
                      {r.user.name}
                      <span className="h5-muted h5-small"> · {r.org.name}</span>
                    </span>
                  </label>
                ))}
              </div>
            )}
          </fieldset>
        ) : null}
        <DraftAttachmentsField proposalId={existing?.id ?? 0} files={picked} onFiles={setPicked} />
        <button
          type="submit"
          className="h5-btn h5-btn-primary h5-btn-block"
          disabled={busy || !congressId}
          aria-busy={busy}
          data-testid="h5-proposal-save"
        >
          {busy ? t('congress.saving') : t('congress.saveDraft')}
        </button>
      </form>
    </Page>
  );
}

/** `/m/congress/proposals/:id`: the proposal with its actions by `can`, and the members' progress page. */
export function ProposalPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const p = useProposal(Number.isInteger(id) ? id : 0);
  const [flash, clearFlash] = useFlash();
  return (
    <Page
      title={p.data ? `${t(`congress.kind.${p.data.kind}`)} ${p.data.code}` : t('congress.title')}
      back="/congress/proposals"
      testId="h5-proposal"
    >
      {flash ? (
        <Alert tone="success" testId="h5-proposal-flash">
          {flash}
        </Alert>
      ) : null}
      {p.isPending ? (
        <Loading />
      ) : p.isError ? (
        <LoadFailed onRetry={() => void p.refetch()} message={t('congress.notFound')} />
      ) : (
        <ProposalBody proposal={p.data} onAct={clearFlash} />
      )}
    </Page>
  );
}

function ProposalBody({ proposal: p, onAct }: { proposal: ProposalView; onAct: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const client = useQueryClient();
  const navigate = useNavigate();
  const seats = useMySeats(!!p.can?.cosign);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rating, setRating] = useState(false);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const [confirmSubmit, setConfirmSubmit] = useState(false);
  const mySeat = (seats.data ?? []).find((s) => s.congressId === p.congress.id);
  const myInvite = mySeat ? p.cosigners.find((c) => c.representativeId === mySeat.id) : undefined;
  const { signed, threshold, enough } = cosignProgress(p);
  const act = async (path: string, body?: unknown) => {
    setBusy(true);
    setFailure(null);
    onAct();
    try {
      const saved = await api.post<TProposal>(`${base}/proposals/${p.id}${path}`, body);
      client.setQueryData(proposalKey(p.id), saved);
      await client.invalidateQueries({ queryKey: ['proposals', 'list'] });
      return true;
    } catch (err) {
      setFailure(describeError(err, t, lang).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const can = p.can;
  const buttons = can
    ? [
        can.edit ? (
          <button
            key="edit"
            type="button"
            className="h5-btn h5-btn-outline"
            onClick={() => navigate(`/congress/proposals/${p.id}/edit`)}
            data-testid="h5-proposal-edit"
          >
            {t('congress.editProposal')}
          </button>
        ) : null,
        canOpenCosign(p) ? (
          <button
            key="open"
            type="button"
            className="h5-btn h5-btn-primary"
            disabled={busy}
            onClick={() => void act('/open-cosign')}
            data-testid="h5-proposal-open-cosign"
          >
            {t('congress.openCosign')}
          </button>
        ) : null,
        can.submit ? (
          <button
            key="submit"
            type="button"
            className="h5-btn h5-btn-primary"
            disabled={busy}
            onClick={() => setConfirmSubmit(true)}
            data-testid="h5-proposal-submit"
          >
            {t('congress.submit')}
          </button>
        ) : null,
        can.cosign ? (
          <button
            key="sign"
            type="button"
            className="h5-btn h5-btn-primary"
            disabled={busy}
            onClick={() => void act('/cosign', { decision: 'sign' })}
            data-testid="h5-proposal-sign"
          >
            {t('congress.sign')}
          </button>
        ) : null,
        can.cosign && myInvite?.state === 'invited' ? (
          <button
            key="decline"
            type="button"
            className="h5-btn h5-btn-outline"
            disabled={busy}
            onClick={() => void act('/cosign', { decision: 'decline' })}
            data-testid="h5-proposal-decline"
          >
            {t('congress.decline')}
          </button>
        ) : null,
        can.withdrawCosign ? (
          <button
            key="unsign"
            type="button"
            className="h5-btn h5-btn-outline"
            disabled={busy}
            onClick={() => void act('/cosign/withdraw')}
            data-testid="h5-proposal-withdraw-cosign"
          >
            {t('congress.withdrawCosign')}
          </button>
        ) : null,
        can.rate ? (
          <button
            key="rate"
            type="button"
            className="h5-btn h5-btn-primary"
            disabled={busy}
            onClick={() => setRating(true)}
            data-testid="h5-proposal-rate"
          >
            {t('congress.rate')}
          </button>
        ) : null,
        can.withdraw ? (
          <button
            key="withdraw"
            type="button"
            className="h5-btn h5-btn-outline"
            disabled={busy}
            onClick={() => setConfirmWithdraw(true)}
            data-testid="h5-proposal-withdraw"
          >
            {t('congress.withdraw')}
          </button>
        ) : null,
      ].filter(Boolean)
    : [];
  return (
    <>
      <section className="h5-card h5-card-flush">
        <div className="h5-errand-head">
          <span className="h5-errand-code" data-testid="h5-proposal-code">
            {p.code}
          </span>
          <ProposalChip state={p.state} testId="h5-proposal-state" />
        </div>
        <div className="h5-congress-body">
          <h2 className="h5-congress-title" data-testid="h5-proposal-title">
            {p.title}
          </h2>
          <p className="h5-muted h5-small">
            <span data-testid="h5-proposal-kind">{kindText(t, p)}</span> ·{' '}
            {t(`congress.categoryName.${p.category}`)} · {p.proposer.name}（{p.proposer.org}）
          </p>
        </div>
        <dl className="h5-dl">
          {p.leadOrg ? <Row label={t('congress.leadOrg')}>{p.leadOrg.name}</Row> : null}
          {p.coOrgs.length ? (
            <Row label={t('congress.coOrgs')}>{p.coOrgs.map((o) => o.name).join('、')}</Row>
          ) : null}
          {p.dueAt ? (
            <Row label={t('congress.dueAt')}>
              {formatDateTime(p.dueAt, lang)}
              {p.overdue ? <span className="h5-congress-overdue"> · {t('congress.overdue')}</span> : null}
            </Row>
          ) : null}
          {p.reviewReason ? <Row label={t('congress.reviewReason')}>{p.reviewReason}</Row> : null}
          {p.satisfaction ? (
            <Row label={t('congress.rating')} testId="h5-proposal-satisfaction">
              {t(`congress.satisfaction.${p.satisfaction}`)}
              {p.ratingComment ? ` · ${p.ratingComment}` : ''}
            </Row>
          ) : null}
          {p.sourceAppeal ? (
            <Row label={t('congress.sourceAppeal')}>
              <Link to={`/congress/appeals/${p.sourceAppeal.id}`}>{p.sourceAppeal.title}</Link>
            </Row>
          ) : null}
        </dl>
      </section>
      {failure ? (
        <Alert tone="error" title={t('congress.failed')} testId="h5-proposal-error">
          {failure}
        </Alert>
      ) : null}
      {buttons.length ? (
        <div className="h5-errand-actions" data-testid="h5-proposal-actions">
          {buttons}
        </div>
      ) : null}
      {can?.submit && p.requestedKind === 'proposal' && !enough ? (
        <p className="h5-field-hint">{t('congress.submitHintShort', { threshold })}</p>
      ) : null}
      <section className="h5-card">
        <h2 className="h5-card-title">{t('congress.reasons')}</h2>
        <p className="h5-congress-text">{p.reasons}</p>
        <h2 className="h5-card-title h5-congress-gap">{t('congress.request')}</h2>
        <p className="h5-congress-text">{p.request}</p>
      </section>
      <ProposalAttachments proposal={p} />
      {p.requestedKind === 'proposal' || p.cosigners.length ? (
        <section className="h5-card" aria-labelledby="proposal-cosigners" data-testid="h5-proposal-cosigners">
          <h2 id="proposal-cosigners" className="h5-card-title">
            {t('congress.cosigners')}
          </h2>
          <p className="h5-muted" data-testid="h5-proposal-cosign-count">
            {t('congress.cosignProgress', { signed, threshold })}
            {p.state === 'cosigning' && p.cosignDeadline
              ? ` · ${t('congress.cosignDeadline', { time: formatDateTime(p.cosignDeadline, lang) })}`
              : ''}
          </p>
          {p.cosigners.length === 0 ? (
            <p className="h5-muted">{t('congress.noCosigners')}</p>
          ) : (
            <ul className="h5-congress-cosigners">
              {p.cosigners.map((c) => (
                <li key={c.representativeId} data-state={c.state}>
                  <span>
                    {c.name}
                    <span className="h5-muted h5-small"> · {c.org}</span>
                  </span>
                  <span
                    className={`h5-chip h5-errand-state ${c.state === 'signed' ? 'is-done' : c.state === 'invited' ? 'is-pending' : 'is-off'}`}
                  >
                    {t(`congress.cosignState.${c.state}`)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {p.steps.length ? <LoopSteps proposal={p} /> : null}
      {p.state !== 'draft' && p.state !== 'cosigning' ? <Updates proposal={p} /> : null}
      {/* Submitting cannot be undone; below the threshold it also makes the 提案 a 建议 for good. */}
      <ConfirmSheet
        open={confirmSubmit}
        title={t('congress.submit')}
        message={
          p.requestedKind === 'proposal' && !enough
            ? t('congress.submitConfirmBelow', { signed, threshold })
            : t('congress.submitConfirm')
        }
        confirmLabel={t('congress.submit')}
        busy={busy}
        onConfirm={() => void act('/submit').then(() => setConfirmSubmit(false))}
        onClose={() => setConfirmSubmit(false)}
        messageTestId="h5-proposal-submit-warning"
        confirmTestId="h5-proposal-submit-confirm"
      />
      <ConfirmSheet
        open={confirmWithdraw}
        title={t('congress.withdraw')}
        message={t('congress.withdrawConfirm')}
        busy={busy}
        onConfirm={() => void act('/withdraw', {}).then(() => setConfirmWithdraw(false))}
        onClose={() => setConfirmWithdraw(false)}
        confirmTestId="h5-proposal-withdraw-confirm"
      />
      <RateSheet
        open={rating}
        onClose={() => setRating(false)}
        onRate={async (body) => {
          const ok = await act('/rate', body);
          if (ok) setRating(false);
        }}
        busy={busy}
        failure={failure}
      />
    </>
  );
}

/** 总结反馈: 满意 / 基本满意 / 不满意 and an optional comment (shared by proposals and appeals). */
export function RateSheet({
  open,
  onClose,
  onRate,
  busy,
  failure,
}: {
  open: boolean;
  onClose: () => void;
  onRate: (body: { satisfaction: Satisfaction; comment: string | null }) => Promise<void>;
  busy: boolean;
  failure: string | null;
}) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<Satisfaction | ''>('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Sheet open={open} title={t('congress.rateTitle')} onClose={onClose} testId="h5-rate-sheet">
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <fieldset className={`h5-fieldset${error ? ' is-invalid' : ''}`}>
        <legend className="h5-sr-only">{t('congress.rateTitle')}</legend>
        <div className="h5-congress-rates">
          {satisfactions.map((s) => (
            <label key={s} className="h5-errand-kind" htmlFor={`rate-${s}`}>
              <input
                type="radio"
                name="rate"
                id={`rate-${s}`}
                data-testid={`h5-rate-${s}`}
                checked={level === s}
                onChange={() => {
                  setLevel(s);
                  setError(null);
                }}
              />
              <span>{t(`congress.satisfaction.${s}`)}</span>
            </label>
          ))}
        </div>
        {error ? <p className="h5-field-error">{error}</p> : null}
        {level === 'unsatisfied' ? <p className="h5-field-hint">{t('congress.unsatisfiedHint')}</p> : null}
      </fieldset>
      <TextAreaField
        id="rate-comment"
        label={t('congress.ratingComment')}
        value={comment}
        onValue={setComment}
        rows={3}
        maxLength={500}
      />
      <div className="h5-sheet-actions">
        <button type="button" className="h5-btn h5-btn-outline" onClick={onClose}>
          {t('congress.cancel')}
        </button>
        <button
          type="button"
          className="h5-btn h5-btn-primary"
          disabled={busy}
          data-testid="h5-rate-submit"
          onClick={() => {
            if (!level) {
              setError(t('congress.rateRequired'));
              return;
            }
            void onRate({ satisfaction: level, comment: comment.trim() || null });
          }}
        >
          {t('congress.rateSubmit')}
        </button>
      </div>
    </Sheet>
  );
}
