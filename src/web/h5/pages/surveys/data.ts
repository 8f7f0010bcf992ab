import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  TSurveyAnswerInput,
  TSurveyForMe,
  TSurveyQuestion,
  ZMySurveys,
  ZSurveyAnswerResult,
} from '../../../../shared/surveys.ts';
import { api } from '../../../shared/api.ts';

/**
 * 会员评家 on the H5: the endpoints under /api/v1/surveys that members use. Types only from
 * src/shared/surveys.ts (a value import would bring zod into the H5).
 */
export const base = '/api/v1/surveys';

export type MySurvey = z.infer<typeof ZMySurveys>[number];
export type SurveyForMe = TSurveyForMe;
export type Question = TSurveyQuestion;
export type AnswerValue = number | string | string[];
export type Answers = Record<string, AnswerValue>;
export type AnswerResult = z.infer<typeof ZSurveyAnswerResult>;
export type Subject = NonNullable<TSurveyForMe['invitations'][number]['subject']>;

export const mineKey = ['surveys', 'mine'] as const;
export const formKey = (id: number) => ['surveys', 'form', id] as const;

export function useMySurveys() {
  return useQuery({ queryKey: mineKey, queryFn: () => api.get<MySurvey[]>(`${base}/mine`) });
}

export function useSurveyForm(id: number) {
  return useQuery({
    queryKey: formKey(id),
    queryFn: () => api.get<SurveyForMe>(`${base}/${id}/form`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export const submitAnswers = (id: number, body: TSurveyAnswerInput) =>
  api.post<AnswerResult>(`${base}/${id}/answers`, body);

/**
 * Open now (the server's `status`: the state read with the window) and not all answered: the member
 * still has something to do. A published survey whose window has not opened is not pending.
 */
export const isPending = (s: MySurvey) => s.status === 'open' && s.answered < s.invitations;

/** Not open yet: listed with the time it opens, nothing to fill in. */
export const isUpcoming = (s: MySurvey) => s.status === 'upcoming';

/**
 * Pending first (soonest deadline first), then those not open yet (soonest opening first), then the
 * rest, newest deadline first.
 */
export function sortMine(list: MySurvey[]): MySurvey[] {
  const rank = (s: MySurvey) => (isPending(s) ? 0 : isUpcoming(s) ? 1 : 2);
  return [...list].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra - rb;
    if (ra === 0) return a.closesAt.localeCompare(b.closesAt);
    if (ra === 1) return a.opensAt.localeCompare(b.opensAt);
    return b.closesAt.localeCompare(a.closesAt);
  });
}

/** Is a question answered? (A rating/option chosen, at least one box ticked, text not blank.) */
export function isAnswered(v: AnswerValue | undefined): boolean {
  if (v === undefined) return false;
  if (typeof v === 'number') return true;
  if (typeof v === 'string') return v.trim().length > 0;
  return v.length > 0;
}

/**
 * The first problem with the answers, checked before sending (the server checks again): the index of
 * the question and what is wrong, or null when all is well.
 */
export function answerProblems(
  questions: Question[],
  answers: Answers,
): { index: number; kind: 'required' | 'tooMany' | 'tooLong' }[] {
  const found: { index: number; kind: 'required' | 'tooMany' | 'tooLong' }[] = [];
  for (const [index, q] of questions.entries()) {
    const v = answers[q.id];
    if (q.required && !isAnswered(v)) found.push({ index, kind: 'required' });
    else if (q.type === 'multiple' && Array.isArray(v) && q.maxChoices && v.length > q.maxChoices)
      found.push({ index, kind: 'tooMany' });
    else if (q.type === 'text' && typeof v === 'string' && v.length > q.maxLength)
      found.push({ index, kind: 'tooLong' });
  }
  return found;
}

/** What is sent: unanswered and blank answers left out, texts trimmed. */
export function answersToSend(questions: Question[], answers: Answers): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const v = answers[q.id];
    if (!isAnswered(v) || v === undefined) continue;
    out[q.id] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}
