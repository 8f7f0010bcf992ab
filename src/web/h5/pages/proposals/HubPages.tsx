import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { TContactThread } from '../../../../shared/proposals.ts';
import { api } from '../../../shared/api.ts';
import { formatDate, formatDateTime } from '../../../shared/format.ts';
import { Alert, EmptyCard, LoadFailed, Loading, Page, TextField, useOptionalMe } from '../../components.tsx';
import { describeError } from '../../errors.ts';
import { Row } from '../errands/ui.tsx';
import { TextAreaField } from '../hardship/common.tsx';
import {
  base,
  isRepresentative,
  pickCongress,
  threadKey,
  useCongresses,
  useProposals,
  useRepresentative,
  useRepresentatives,
  useThread,
  useThreads,
} from './data.ts';
import { Entry, useFlash } from './ui.tsx';

/** The member's congress (nearest union with one), with the representative count. */
export function useMyCongress() {
  const me = useOptionalMe();
  const list = useCongresses();
  return { ...list, congress: pickCongress(list.data, me?.active?.org.path) };
}

/** `/m/congress`: my union's congress, entries and the representative directory. */
export function HubPage() {
  const { t, i18n } = useTranslation();
  const me = useOptionalMe();
  const rep = isRepresentative(me);
  const c = useMyCongress();
  const cosign = useProposals('cosign', undefined, rep);
  const [q, setQ] = useState('');
  const reps = useRepresentatives(c.congress?.id, q);
  const waiting = (cosign.data?.items ?? []).filter((p) => p.state === 'cosigning').length;
  return (
    <main className="h5-page h5-errand-page" data-testid="h5-congress-hub">
      <header className="h5-errand-hero">
        <h1>{t('congress.heroTitle')}</h1>
        <p>{t('congress.heroText')}</p>
      </header>
      <div className="h5-stack">
        <section className="h5-card" data-testid="h5-congress-card">
          {c.isPending ? (
            <Loading />
          ) : c.isError ? (
            <LoadFailed onRetry={() => void c.refetch()} />
          ) : !c.congress ? (
            <p className="h5-muted">{t('congress.noCongress')}</p>
          ) : (
            <>
              <h2 className="h5-card-title" data-testid="h5-congress-name">
                {c.congress.name}
              </h2>
              <p className="h5-muted">
                {t('congress.term', {
                  no: c.congress.termNo,
                  start: formatDate(c.congress.termStart, i18n.language),
                  end: formatDate(c.congress.termEnd, i18n.language),
                })}
              </p>
              <p className="h5-muted">
                {t('congress.repCount', { count: c.congress.representativeCount })} ·{' '}
                {t('congress.proposalCount', { count: c.congress.proposalCount })}
              </p>
            </>
          )}
        </section>
        <nav className="h5-card h5-card-flush h5-congress-entries" aria-label={t('congress.title')}>
          {rep ? (
            <>
              <Entry
                to="/congress/proposals?tab=mine"
                title={t('congress.myProposals')}
                hint={t('congress.myProposalsHint')}
                testId="h5-congress-my-proposals"
              />
              <Entry
                to="/congress/proposals?tab=cosign"
                title={t('congress.cosignInbox')}
                hint={t('congress.cosignInboxHint')}
                count={waiting}
                testId="h5-congress-cosign"
              />
              <Entry
                to="/duty"
                title={t('congress.myDuty')}
                hint={t('congress.myDutyHint')}
                testId="h5-congress-my-duty"
              />
            </>
          ) : null}
          <Entry
            to="/congress/proposals?tab=all"
            title={t('congress.unionProposals')}
            hint={t('congress.unionProposalsHint')}
            testId="h5-congress-union-proposals"
          />
          <Entry
            to="/congress/appeals"
            title={t('congress.appeals')}
            hint={t('congress.appealsHint')}
            testId="h5-congress-appeals"
          />
          <Entry
            to="/congress/threads"
            title={rep ? t('congress.inbox') : t('congress.myThreads')}
            hint={t('congress.threadsHint')}
            testId="h5-congress-threads"
          />
        </nav>
        {c.congress ? (
          <section className="h5-card" aria-labelledby="congress-directory">
            <h2 id="congress-directory" className="h5-card-title">
              {t('congress.directory')}
            </h2>
            <TextField
              id="congress-rep-search"
              label={<span className="h5-sr-only">{t('congress.searchReps')}</span>}
              placeholder={t('congress.searchReps')}
              value={q}
              onValue={setQ}
              type="search"
              maxLength={30}
            />
            {reps.isPending ? (
              <Loading />
            ) : reps.isError ? (
              <LoadFailed onRetry={() => void reps.refetch()} />
            ) : reps.data.items.length === 0 ? (
              <p className="h5-muted">{t('congress.noReps')}</p>
            ) : (
              <ul className="h5-congress-reps" data-testid="h5-congress-reps">
                {reps.data.items.map((r) => (
                  <li key={r.id}>
                    <Link
                      to={`/congress/reps/${r.id}`}
                      className="h5-congress-rep"
                      data-testid={`h5-rep-${r.id}`}
                    >
                      <span className="h5-congress-avatar" aria-hidden="true">
                        {r.user.name.slice(0, 1)}
                      </span>
                      <span className="h5-congress-rep-text">
                        <span className="h5-congress-rep-name">{r.user.name}</span>
                        <span className="h5-muted h5-small">
                          {r.org.name} · {t(`congress.sectorName.${r.sector}`)}
                        </span>
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
      </div>
    </main>
  );
}

/** `/m/congress/reps/:id`: a representative's card and the 联系代表 form. */
export function RepPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useOptionalMe();
  const reps = useRepresentative(Number.isInteger(id) ? id : 0);
  const rep = reps.data ?? null;
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [errors, setErrors] = useState<{ subject?: string | undefined; body?: string | undefined }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const own = rep && me && rep.user.id === me.user.id;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!rep) return;
    const found = {
      subject: subject.trim().length >= 2 ? undefined : t('congress.subjectRequired'),
      body: body.trim().length >= 5 ? undefined : t('congress.bodyRequired'),
    };
    setErrors(found);
    if (found.subject || found.body) {
      setFailure(t('congress.checkFields'));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const saved = await api.post<TContactThread>(`${base}/contact/threads`, {
        representativeId: rep.id,
        subject: subject.trim(),
        body: body.trim(),
      });
      await client.invalidateQueries({ queryKey: ['proposals', 'threads'] });
      navigate(`/congress/threads/${saved.id}`, { state: { flash: t('congress.sent') } });
    } catch (err) {
      const view = describeError(err, t, i18n.language);
      setErrors({ subject: view.fields.subject, body: view.fields.body });
      setFailure(view.message);
      setBusy(false);
    }
  };
  return (
    <Page title={rep?.user.name ?? t('congress.directory')} back="/congress" testId="h5-congress-rep">
      {reps.isPending ? (
        <Loading />
      ) : !rep ? (
        <LoadFailed onRetry={() => void reps.refetch()} message={t('congress.repNotFound')} />
      ) : (
        <>
          <section className="h5-card h5-card-flush">
            <div className="h5-errand-head">
              <span className="h5-congress-avatar is-big" aria-hidden="true">
                {rep.user.name.slice(0, 1)}
              </span>
              <span className="h5-errand-code">{rep.user.name}</span>
              {rep.title ? <span className="h5-muted">{rep.title}</span> : null}
            </div>
            <dl className="h5-dl">
              <Row label={t('congress.org')}>{rep.org.name}</Row>
              <Row label={t('congress.sector')}>{t(`congress.sectorName.${rep.sector}`)}</Row>
              <Row label={t('congress.delegation')}>{rep.delegation}</Row>
              {rep.mobile ? <Row label={t('congress.mobile')}>{rep.mobile}</Row> : null}
              <Row label={t('congress.proposalCount', { count: rep.proposalCount })}>
                {t('congress.repProposals', { count: rep.proposalCount, cosign: rep.cosignCount })}
              </Row>
            </dl>
          </section>
          {own ? null : (
            <form
              className="h5-card h5-errand-form"
              onSubmit={submit}
              noValidate
              data-testid="h5-contact-form"
            >
              <h2 className="h5-card-title">{t('congress.contactRep')}</h2>
              <p className="h5-muted">{t('congress.contactIntro', { name: rep.user.name })}</p>
              {failure ? (
                <Alert tone="error" title={t('congress.failed')}>
                  {failure}
                </Alert>
              ) : null}
              <TextField
                id="contact-subject"
                label={t('congress.subject')}
                value={subject}
                onValue={(x) => {
                  setSubject(x);
                  setErrors((e) => ({ ...e, subject: undefined }));
                }}
                error={errors.subject}
                maxLength={60}
                aria-required
              />
              <TextAreaField
                id="contact-body"
                label={t('congress.body')}
                value={body}
                onValue={(x) => {
                  setBody(x);
                  setErrors((e) => ({ ...e, body: undefined }));
                }}
                error={errors.body}
                rows={5}
                maxLength={1000}
                aria-required
              />
              <button
                type="submit"
                className="h5-btn h5-btn-primary h5-btn-block"
                disabled={busy}
                data-testid="h5-contact-send"
              >
                {busy ? t('congress.sending') : t('congress.send')}
              </button>
            </form>
          )}
        </>
      )}
    </Page>
  );
}

/** `/m/congress/threads`: a worker's threads, or a representative's inbox. */
export function ThreadsPage() {
  const { t, i18n } = useTranslation();
  const me = useOptionalMe();
  const rep = isRepresentative(me);
  const threads = useThreads();
  return (
    <Page
      title={rep ? t('congress.inbox') : t('congress.myThreads')}
      back="/congress"
      testId="h5-congress-threads"
    >
      {threads.isPending ? (
        <Loading />
      ) : threads.isError ? (
        <LoadFailed onRetry={() => void threads.refetch()} />
      ) : threads.data.items.length === 0 ? (
        <EmptyCard title={t('congress.threadsEmpty')} />
      ) : (
        <ul className="h5-errand-list">
          {threads.data.items.map((th) => (
            <li key={th.id} data-thread-id={th.id}>
              <Link to={`/congress/threads/${th.id}`} className="h5-errand-item">
                <span className="h5-errand-item-head">
                  <span className="h5-errand-code">{rep ? th.worker.name : th.representative.name}</span>
                  <span
                    className={`h5-chip h5-errand-state ${th.state === 'awaiting_reply' ? 'is-pending' : th.state === 'replied' ? 'is-done' : 'is-off'}`}
                  >
                    {t(`congress.threadState.${th.state}`)}
                  </span>
                </span>
                <span className="h5-errand-item-title">{th.subject}</span>
                <span className="h5-muted h5-small h5-congress-clamp">{th.lastMessage}</span>
                <span className="h5-muted h5-small">{formatDateTime(th.lastMessageAt, i18n.language)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

/** `/m/congress/threads/:id`: the messages of one thread and a reply box. */
export function ThreadPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().id);
  const thread = useThread(Number.isInteger(id) ? id : 0);
  const client = useQueryClient();
  const [flash, clearFlash] = useFlash();
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (path: string, body?: unknown) => {
    clearFlash();
    setBusy(true);
    setFailure(null);
    try {
      await api.post(`${base}/contact/threads/${id}${path}`, body);
      setText('');
      await client.invalidateQueries({ queryKey: threadKey(id) });
      await client.invalidateQueries({ queryKey: ['proposals', 'threads'] });
    } catch (err) {
      setFailure(describeError(err, t, i18n.language).message);
    } finally {
      setBusy(false);
    }
  };
  const th = thread.data;
  return (
    <Page
      title={th?.subject ?? t('congress.threadTitle')}
      back="/congress/threads"
      testId="h5-congress-thread"
    >
      {flash ? <Alert tone="success">{flash}</Alert> : null}
      {thread.isPending ? (
        <Loading />
      ) : thread.isError || !th ? (
        <LoadFailed onRetry={() => void thread.refetch()} />
      ) : (
        <>
          <ul className="h5-congress-messages" data-testid="h5-thread-messages">
            {th.messages.map((m) => (
              <li key={m.id} className={m.author === 'representative' ? 'is-rep' : 'is-worker'}>
                <p className="h5-muted h5-small">
                  {m.authorName} · {formatDateTime(m.createdAt, i18n.language)}
                </p>
                <p className="h5-congress-text">{m.body}</p>
              </li>
            ))}
          </ul>
          {failure ? <Alert tone="error">{failure}</Alert> : null}
          {th.state === 'closed' ? (
            <p className="h5-muted">{t('congress.threadState.closed')}</p>
          ) : (
            <form
              className="h5-card h5-errand-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (text.trim()) void run('/messages', { body: text.trim() });
              }}
            >
              <TextAreaField
                id="thread-reply"
                label={t('congress.reply')}
                placeholder={t('congress.replyPlaceholder')}
                value={text}
                onValue={setText}
                rows={3}
                maxLength={1000}
              />
              <div className="h5-sheet-actions">
                <button
                  type="button"
                  className="h5-btn h5-btn-outline"
                  disabled={busy}
                  onClick={() => void run('/close')}
                >
                  {t('congress.closeThread')}
                </button>
                <button
                  type="submit"
                  className="h5-btn h5-btn-primary"
                  disabled={busy || !text.trim()}
                  data-testid="h5-thread-send"
                >
                  {t('congress.send')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </Page>
  );
}
