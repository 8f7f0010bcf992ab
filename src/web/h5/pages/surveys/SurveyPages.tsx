import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { Alert, EmptyCard, LoadFailed, Loading, Page } from '../../components.tsx';
import { DraftNotice, useDraft, useDraftForm } from '../../drafts.tsx';
import { describeError } from '../../errors.ts';
import {
  type Answers,
  type AnswerValue,
  answerProblems,
  answersToSend,
  formKey,
  isPending,
  isUpcoming,
  type MySurvey,
  mineKey,
  type Question,
  type Subject,
  sortMine,
  submitAnswers,
  useMySurveys,
  useSurveyForm,
} from './data.ts';

/**
 * `/m/surveys`: the surveys the member is invited to — open ones first with 去填写, then those not open
 * yet (未开始, with the time they open), answered ones 已完成.
 */
export function SurveysPage() {
  const { t, i18n } = useTranslation();
  const list = useMySurveys();
  return (
    <Page title={t('surveys.title')} back="/services" testId="h5-surveys">
      <section className="h5-card">
        <p className="h5-muted">{t('surveys.intro')}</p>
      </section>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadFailed onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyCard title={t('surveys.empty')} testId="h5-surveys-empty">
          <p className="h5-muted">{t('surveys.emptyHint')}</p>
        </EmptyCard>
      ) : (
        <ul className="h5-errand-list" data-testid="h5-surveys-list">
          {sortMine(list.data).map((s) => (
            <SurveyItem key={s.id} s={s} lang={i18n.language} />
          ))}
        </ul>
      )}
    </Page>
  );
}

function SurveyItem({ s, lang }: { s: MySurvey; lang: string }) {
  const { t } = useTranslation();
  const pending = isPending(s);
  const upcoming = isUpcoming(s);
  const done = s.answered >= s.invitations;
  return (
    <li data-survey-id={s.id} data-pending={pending ? 'true' : 'false'} data-status={s.status}>
      <Link to={`/surveys/${s.id}`} className="h5-errand-item" data-testid={`h5-survey-item-${s.id}`}>
        <span className="h5-errand-item-head">
          <span className="h5-errand-code">{t(`surveys.purpose.${s.purpose}`)}</span>
          <span
            className={`h5-chip h5-errand-state ${pending ? 'is-active' : done ? 'is-done' : 'is-off'}`}
            data-testid={`h5-survey-status-${s.id}`}
          >
            {pending
              ? t('surveys.fill')
              : upcoming
                ? t('surveys.upcoming')
                : done
                  ? t('surveys.done')
                  : t('surveys.missed')}
          </span>
        </span>
        <span className="h5-errand-item-title">{s.title}</span>
        <span className="h5-muted h5-small">
          {s.org} ·{' '}
          {upcoming ? (
            <span data-testid={`h5-survey-opens-${s.id}`}>
              {t('surveys.opensAt', { time: formatDateTime(s.opensAt, lang) })}
            </span>
          ) : (
            t('surveys.closesAt', { time: formatDateTime(s.closesAt, lang) })
          )}
        </span>
        {s.invitations > 1 ? (
          <span className="h5-small">
            {t('surveys.progress', { answered: s.answered, total: s.invitations })}
          </span>
        ) : null}
        {pending ? (
          <span className="h5-btn h5-btn-primary h5-btn-block h5-survey-go">
            {s.answered > 0 ? t('surveys.continue') : t('surveys.fill')}
          </span>
        ) : null}
      </Link>
    </li>
  );
}

/**
 * `/m/surveys/:id`: the answer page opened from the list, a link or the QR code. 会员评家: one form.
 * Representative surveys: one card per representative to rate, each submitted on its own, the next one
 * opening after each. Required questions are checked before sending; the thanks screen follows the
 * last submission.
 */
export function SurveyAnswerPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const form = useSurveyForm(id);
  const client = useQueryClient();
  const [finished, setFinished] = useState(false);
  const [rated, setRated] = useState<number[]>([]);
  const [current, setCurrent] = useState<number | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const top = useRef<HTMLDivElement>(null);

  if (finished) return <DoneScreen />;
  if (form.isPending) {
    return (
      <Page title={t('surveys.title')} back="/surveys">
        <Loading />
      </Page>
    );
  }
  if (form.isError) {
    const missing = form.error instanceof ApiError && form.error.status === 404;
    return (
      <Page title={t('surveys.title')} back="/surveys">
        {missing ? (
          <EmptyCard title={t('surveys.notFound')} testId="h5-survey-missing">
            <Link to="/surveys" className="h5-link-arrow">
              {t('surveys.back')}
            </Link>
          </EmptyCard>
        ) : (
          <LoadFailed onRetry={() => void form.refetch()} />
        )}
      </Page>
    );
  }
  const data = form.data;
  const s = data.survey;
  const invitations = data.invitations.map((inv) => ({
    ...inv,
    answered: inv.answered || (inv.subject ? rated.includes(inv.subject.representativeId) : false),
  }));
  const allAnswered = invitations.length > 0 && invitations.every((i) => i.answered);
  const subjects = invitations.filter((i) => i.subject);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: mineKey });
    void form.refetch();
  };

  const body = () => {
    if (allAnswered) {
      return (
        <section className="h5-card h5-survey-state" data-testid="h5-survey-completed">
          <p className="h5-survey-state-icon is-done" aria-hidden="true">
            ✓
          </p>
          <p className="h5-empty-title">{t('surveys.completedTitle')}</p>
          <p className="h5-muted">{t('surveys.completedText')}</p>
          <Link to="/surveys" className="h5-btn h5-btn-outline h5-btn-block">
            {t('surveys.back')}
          </Link>
        </section>
      );
    }
    if (data.blockedReason) {
      return (
        <section className="h5-card h5-survey-state" data-testid="h5-survey-blocked">
          <p className="h5-survey-state-icon" aria-hidden="true">
            !
          </p>
          <p className="h5-empty-title">{t('surveys.blockedTitle')}</p>
          <p className="h5-muted">{data.blockedReason}</p>
          <Link to="/surveys" className="h5-btn h5-btn-outline h5-btn-block">
            {t('surveys.back')}
          </Link>
        </section>
      );
    }
    if (subjects.length === 0) {
      return (
        <QuestionsForm
          surveyId={s.id}
          questions={s.questions}
          subject={null}
          onSubmitted={() => {
            setFinished(true);
            refresh();
          }}
          onConflict={refresh}
        />
      );
    }
    const chosen =
      subjects.find((i) => i.subject?.representativeId === current && !i.answered) ??
      subjects.find((i) => !i.answered);
    return (
      <>
        <section className="h5-card h5-survey-reps-card">
          <p className="h5-muted">{t('surveys.repsIntro')}</p>
          <p className="h5-survey-progress" data-testid="h5-survey-progress">
            <strong>
              {t('surveys.progress', {
                answered: subjects.filter((i) => i.answered).length,
                total: subjects.length,
              })}
            </strong>
            <span className="h5-survey-bar" aria-hidden="true">
              <span
                style={{ width: `${(100 * subjects.filter((i) => i.answered).length) / subjects.length}%` }}
              />
            </span>
          </p>
          <ul className="h5-survey-reps" data-testid="h5-survey-subjects">
            {subjects.map((inv, n) => {
              const rep = inv.subject as Subject;
              const on = rep.representativeId === chosen?.subject?.representativeId;
              return (
                <li key={rep.representativeId}>
                  <button
                    type="button"
                    className={`h5-survey-rep${on ? ' is-current' : ''}${inv.answered ? ' is-done' : ''}`}
                    disabled={inv.answered}
                    aria-pressed={on}
                    title={`${t('surveys.repN', { n: n + 1, total: subjects.length })} · ${rep.name}`}
                    data-testid={`h5-survey-subject-${rep.representativeId}`}
                    data-answered={inv.answered ? 'true' : 'false'}
                    onClick={() => {
                      setCurrent(rep.representativeId);
                      setFlash(null);
                    }}
                  >
                    <span className="h5-survey-rep-avatar" aria-hidden="true">
                      {inv.answered ? '✓' : rep.name.slice(0, 1)}
                    </span>
                    <span className="h5-survey-rep-name">{rep.name}</span>
                    <span className="h5-sr-only">
                      {inv.answered ? t('surveys.repDone') : on ? t('surveys.repRate') : t('surveys.repTodo')}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
        {chosen?.subject ? (
          <QuestionsForm
            key={chosen.subject.representativeId}
            surveyId={s.id}
            questions={s.questions}
            subject={chosen.subject}
            onSubmitted={(remaining) => {
              const rep = chosen.subject as Subject;
              void client.invalidateQueries({ queryKey: mineKey });
              if (remaining === 0) {
                setFinished(true);
                void client.invalidateQueries({ queryKey: formKey(s.id) });
                return;
              }
              setRated((r) => [...r, rep.representativeId]);
              setCurrent(null);
              // Bring the next representative's chip into the strip's view (sideways only).
              requestAnimationFrame(() => {
                const strip = document.querySelector<HTMLElement>('.h5-survey-reps');
                const next = strip?.querySelector<HTMLElement>('.h5-survey-rep.is-current');
                if (strip && next) strip.scrollLeft = Math.max(0, next.offsetLeft - strip.offsetLeft - 80);
              });
              setFlash(t('surveys.repSubmitted', { name: rep.name, count: remaining }));
              top.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
            }}
            onConflict={refresh}
          />
        ) : null}
      </>
    );
  };

  return (
    <Page title={t('surveys.title')} back="/surveys" testId="h5-survey-page">
      <div ref={top} />
      <section className="h5-card h5-survey-head">
        <p className="h5-survey-tags">
          <span className="h5-chip h5-chip-red">{t(`surveys.purpose.${s.purpose}`)}</span>
          <span className="h5-chip">{s.anonymous ? t('surveys.anonymous') : t('surveys.named')}</span>
        </p>
        <h1 className="h5-survey-title" data-testid="h5-survey-title">
          {s.title}
        </h1>
        <p className="h5-muted h5-small">
          {s.org.name} · {t('surveys.closesAt', { time: formatDateTime(s.closesAt, 'zh-CN') })}
        </p>
        {s.intro ? <p className="h5-survey-intro">{s.intro}</p> : null}
      </section>
      {flash ? (
        <Alert tone="success" testId="h5-survey-flash">
          {flash}
        </Alert>
      ) : null}
      {body()}
    </Page>
  );
}

function DoneScreen() {
  const { t } = useTranslation();
  return (
    <Page title={t('surveys.title')} back="/surveys">
      <section className="h5-card h5-survey-state" data-testid="h5-survey-done">
        <p className="h5-survey-state-icon is-done" aria-hidden="true">
          ✓
        </p>
        <h1 className="h5-survey-title">{t('surveys.thanksTitle')}</h1>
        <p className="h5-muted">{t('surveys.thanksText')}</p>
        <Link to="/surveys" className="h5-btn h5-btn-primary h5-btn-block" data-testid="h5-survey-done-back">
          {t('surveys.back')}
        </Link>
        <Link to="/services" className="h5-btn h5-btn-text h5-btn-block">
          {t('surveys.toServices')}
        </Link>
      </section>
    </Page>
  );
}

function QuestionsForm({
  surveyId,
  questions,
  subject,
  onSubmitted,
  onConflict,
}: {
  surveyId: number;
  questions: Question[];
  subject: Subject | null;
  onSubmitted: (remaining: number) => void;
  onConflict: () => void;
}) {
  const { t, i18n } = useTranslation();
  const draftName = `surveys.${surveyId}.${subject?.representativeId ?? 0}`;
  const draft = useDraftForm(draftName);
  const [answers, setAnswers] = useDraft<Answers>(draftName, 'answers', {});
  // Every question that needs an answer or a change, by id: all are marked at once, not one a submit.
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const failureRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure) failureRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [failure]);

  const set = (id: string, v: AnswerValue) => {
    setAnswers((a) => ({ ...a, [id]: v }));
    setProblems(({ [id]: _fixed, ...rest }) => rest);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found = answerProblems(questions, answers);
    const first = found[0];
    if (first) {
      const messages: Record<string, string> = {};
      for (const p of found) {
        const q = questions[p.index] as Question;
        const max = q.type === 'multiple' ? q.maxChoices : q.type === 'text' ? q.maxLength : 0;
        messages[q.id] = t(`surveys.problem.${p.kind}`, { n: p.index + 1, title: q.title, max });
      }
      setProblems(messages);
      const q = questions[first.index] as Question;
      const el = document.getElementById(`survey-q-${q.id}`);
      el?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      el?.focus({ preventScroll: true });
      return;
    }
    setBusy(true);
    try {
      const result = await submitAnswers(surveyId, {
        ...(subject ? { subjectRepresentativeId: subject.representativeId } : {}),
        answers: answersToSend(questions, answers),
      });
      draft.done();
      onSubmitted(result.remaining);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.code === 'ALREADY_ANSWERED') {
        draft.done();
        onConflict();
        return;
      }
      setFailure(describeError(err, t, i18n.language).message);
    }
  };

  const problemCount = Object.keys(problems).length;
  return (
    <form className="h5-survey-form" onSubmit={submit} noValidate data-testid="h5-survey-form">
      {subject ? (
        <section className="h5-card h5-survey-subject" data-testid="h5-survey-subject-name">
          <span className="h5-survey-rep-avatar is-big" aria-hidden="true">
            {subject.name.slice(0, 1)}
          </span>
          <span className="h5-survey-rep-text">
            <span className="h5-muted h5-small">{t('surveys.repRate')}</span>
            <strong>{subject.name}</strong>
            <span className="h5-muted h5-small">
              {subject.org}
              {subject.delegation ? ` · ${subject.delegation}` : ''}
            </span>
          </span>
        </section>
      ) : null}
      <DraftNotice draft={draft} />
      {questions.map((q, i) => (
        <QuestionCard
          key={q.id}
          q={q}
          n={i + 1}
          value={answers[q.id]}
          onValue={(v) => set(q.id, v)}
          error={problems[q.id] ?? null}
        />
      ))}
      <div ref={failureRef}>
        {failure ? (
          <Alert tone="error" title={t('surveys.failed')} testId="h5-survey-error">
            {failure}
          </Alert>
        ) : null}
        {problemCount > 0 ? (
          <Alert tone="warning" testId="h5-survey-problem">
            {problemCount === 1
              ? Object.values(problems)[0]
              : t('surveys.problem.several', {
                  count: problemCount,
                  list: questions
                    .flatMap((q, i) => (problems[q.id] ? [i + 1] : []))
                    .join(t('surveys.problem.listSep')),
                })}
          </Alert>
        ) : null}
      </div>
      <button
        type="submit"
        className="h5-btn h5-btn-primary h5-btn-block h5-survey-submit"
        disabled={busy}
        data-testid="h5-survey-submit"
      >
        {busy
          ? t('surveys.submitting')
          : subject
            ? t('surveys.submitRep', { name: subject.name })
            : t('surveys.submit')}
      </button>
    </form>
  );
}

function QuestionCard({
  q,
  n,
  value,
  onValue,
  error,
}: {
  q: Question;
  n: number;
  value: AnswerValue | undefined;
  onValue: (v: AnswerValue) => void;
  error: string | null;
}) {
  const { t } = useTranslation();
  const titleId = `survey-q-${q.id}-title`;
  return (
    <fieldset
      id={`survey-q-${q.id}`}
      tabIndex={-1}
      className={`h5-card h5-survey-q${error ? ' is-invalid' : ''}`}
      aria-labelledby={titleId}
      aria-invalid={error ? true : undefined}
      data-testid={`h5-survey-q-${q.id}`}
    >
      <legend className="h5-sr-only">{q.title}</legend>
      <p id={titleId} className="h5-survey-q-title">
        <span className="h5-survey-q-no">{n}.</span> {q.title}
        {q.required ? (
          <span className="h5-req" title={t('surveys.required')}>
            {' '}
            *
          </span>
        ) : (
          <span className="h5-muted h5-small"> （{t('surveys.optional')}）</span>
        )}
      </p>
      {q.type === 'rating' ? (
        <Rating q={q} value={typeof value === 'number' ? value : undefined} onValue={onValue} />
      ) : q.type === 'single' ? (
        <div className="h5-survey-options" role="radiogroup" aria-labelledby={titleId}>
          {q.options.map((o) => (
            <label key={o.id} className="h5-survey-option" data-testid={`h5-survey-option-${q.id}-${o.id}`}>
              <input
                type="radio"
                name={`q-${q.id}`}
                checked={value === o.id}
                onChange={() => onValue(o.id)}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </div>
      ) : q.type === 'multiple' ? (
        <MultipleChoice q={q} value={Array.isArray(value) ? value : []} onValue={onValue} />
      ) : (
        <TextAnswer q={q} value={typeof value === 'string' ? value : ''} onValue={onValue} />
      )}
      {error ? (
        <p className="h5-field-error" role="alert" data-testid={`h5-survey-q-error-${q.id}`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function Rating({
  q,
  value,
  onValue,
}: {
  q: Extract<Question, { type: 'rating' }>;
  value: number | undefined;
  onValue: (v: number) => void;
}) {
  const { t } = useTranslation();
  const stars = q.scale <= 5;
  const scores = Array.from({ length: q.scale }, (_, k) => k + 1);
  return (
    <div>
      <div className={`h5-survey-rating${stars ? ' is-stars' : ''}`} role="radiogroup">
        {scores.map((k) => (
          // biome-ignore lint/a11y/useSemanticElements: big tap targets; a native radio is too small on the phone
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={value === k}
            aria-label={t('surveys.rateAria', { n: k, max: q.scale })}
            className={value !== undefined && (stars ? k <= value : k === value) ? 'is-on' : undefined}
            data-testid={`h5-survey-rating-${q.id}-${k}`}
            onClick={() => onValue(k)}
          >
            {stars ? '★' : k}
          </button>
        ))}
      </div>
      <p className="h5-survey-scale">
        <span>{q.lowLabel}</span>
        <strong aria-live="polite">
          {value !== undefined ? t('surveys.ratingPicked', { n: value }) : ''}
        </strong>
        <span>{q.highLabel}</span>
      </p>
    </div>
  );
}

function MultipleChoice({
  q,
  value,
  onValue,
}: {
  q: Extract<Question, { type: 'multiple' }>;
  value: string[];
  onValue: (v: string[]) => void;
}) {
  const { t } = useTranslation();
  const full = q.maxChoices != null && value.length >= q.maxChoices;
  return (
    <div>
      <p className="h5-muted h5-small">
        {q.maxChoices ? t('surveys.maxChoices', { n: q.maxChoices }) : t('surveys.multipleHint')}
      </p>
      <div className="h5-survey-options">
        {q.options.map((o) => {
          const on = value.includes(o.id);
          return (
            <label
              key={o.id}
              className={`h5-survey-option is-check${!on && full ? ' is-disabled' : ''}`}
              data-testid={`h5-survey-option-${q.id}-${o.id}`}
            >
              <input
                type="checkbox"
                checked={on}
                disabled={!on && full}
                onChange={() => onValue(on ? value.filter((x) => x !== o.id) : [...value, o.id])}
              />
              <span>{o.label}</span>
            </label>
          );
        })}
      </div>
    </div>
  );
}

function TextAnswer({
  q,
  value,
  onValue,
}: {
  q: Extract<Question, { type: 'text' }>;
  value: string;
  onValue: (v: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div>
      <textarea
        className="h5-textarea h5-survey-text"
        rows={4}
        maxLength={q.maxLength}
        placeholder={t('surveys.textPlaceholder')}
        value={value}
        aria-label={q.title}
        data-testid={`h5-survey-text-${q.id}`}
        onChange={(e) => onValue(e.target.value)}
      />
      <p className="h5-survey-counter h5-muted h5-small" data-testid={`h5-survey-counter-${q.id}`}>
        {t('surveys.counter', { n: value.length, max: q.maxLength })}
      </p>
    </div>
  );
}
