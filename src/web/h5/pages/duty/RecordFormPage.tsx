import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { beijingDay } from '../../../../shared/dates.ts';
import type { TDutyRecord, TManualRecordInput } from '../../../../shared/duty.ts';
import { ApiError, api } from '../../../shared/api.ts';
import { Alert, LoadFailed, Loading, Page, TextField } from '../../components.tsx';
import { DraftNotice, useDraft, useDraftForm } from '../../drafts.tsx';
import { describeError } from '../../errors.ts';
import { RequiredMark, SelectField, TextAreaField } from '../hardship/common.tsx';
import { fileKey, PhotoInput } from '../proposals/AppealPhotos.tsx';
import { photoProblem, uploadEntityFile } from '../proposals/data.ts';
import { base, myDutyKey, useMyDuty, useScheme } from './data.ts';

/** A manual record carries at most this many photos from the form (more can follow from the console). */
export const MAX_RECORD_PHOTOS = 6;

type Field = 'itemCode' | 'title' | 'occurredOn' | 'detail';
type Errors = Partial<Record<Field, string | undefined>>;
const order: Field[] = ['itemCode', 'title', 'occurredOn', 'detail'];
const fieldId: Record<Field, string> = {
  itemCode: 'duty-item',
  title: 'duty-title',
  occurredOn: 'duty-date',
  detail: 'duty-detail',
};

/**
 * `/m/duty/records/new`: 填报履职 — an indicator the scheme lets representatives report, what, when and
 * evidence photos. The record is created first (待审核), then the photos go to it (entity `duty.record`);
 * the representative lands on 我的履职 with the record pending.
 */
export function RecordFormPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params] = useSearchParams();
  const mine = useMyDuty();
  const seats = (mine.data ?? []).filter((s) => s.congress.state === 'active');
  const asked = Number(params.get('congress'));
  const [congressId, setCongressId] = useState(0);
  useEffect(() => {
    if (congressId || seats.length === 0) return;
    setCongressId(seats.find((s) => s.congress.id === asked)?.congress.id ?? seats[0]?.congress.id ?? 0);
  }, [congressId, seats, asked]);
  const scheme = useScheme(congressId);
  const items = (scheme.data?.definition.indicators ?? []).filter((i) => i.manualEntry);
  const today = beijingDay(new Date());
  const draft = useDraftForm('duty.record');
  const [v, setV] = useDraft('duty.record', 'fields', {
    itemCode: '',
    title: '',
    occurredOn: today,
    detail: '',
  });
  const [photos, setPhotos] = useState<File[]>([]);
  const [previews, setPreviews] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const urls = photos.map((f) => URL.createObjectURL(f));
    setPreviews(urls);
    return () => {
      for (const u of urls) URL.revokeObjectURL(u);
    };
  }, [photos]);
  const set = (f: Field) => (x: string) => {
    setV((s) => ({ ...s, [f]: x }));
    setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  };
  const chosen = items.find((i) => i.code === v.itemCode);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found: Errors = {
      itemCode: v.itemCode ? undefined : t('duty.itemRequired'),
      title: v.title.trim().length >= 2 ? undefined : t('duty.titleRequired'),
      occurredOn: !v.occurredOn
        ? t('duty.dateRequired')
        : v.occurredOn > today
          ? t('duty.dateFuture')
          : undefined,
      detail: v.detail.trim().length >= 5 ? undefined : t('duty.detailRequired'),
    };
    setErrors(found);
    const first = order.find((k) => found[k]);
    if (first) {
      setFailure(t('duty.checkFields'));
      document.getElementById(fieldId[first])?.focus();
      return;
    }
    setBusy(true);
    try {
      const input: TManualRecordInput = {
        congressId,
        itemCode: v.itemCode,
        title: v.title.trim(),
        detail: v.detail.trim(),
        occurredOn: v.occurredOn,
      };
      const saved = await api.post<TDutyRecord>(`${base}/records`, input);
      draft.done();
      // The record stands on its own: a photo the server refuses is said on 我的履职, and more evidence
      // can be added from the console while the record is pending.
      let photoError: string | null = null;
      for (const photo of photos) {
        try {
          await uploadEntityFile('duty.record', saved.id, photo);
        } catch (err) {
          // In this page's words: the platform's own 415 lists every attachment type it takes.
          photoError =
            err instanceof ApiError && err.status === 415
              ? t('duty.photoWrongType', { name: photo.name })
              : err instanceof ApiError && err.status === 413
                ? t('duty.photoTooLarge', { name: photo.name })
                : describeError(err, t, i18n.language).message;
          break;
        }
      }
      await client.invalidateQueries({ queryKey: myDutyKey });
      await client.invalidateQueries({ queryKey: ['duty', 'profile'] });
      navigate('/duty', {
        replace: true,
        state: {
          flash: photoError ? t('duty.photoFailed', { reason: photoError }) : t('duty.submitted'),
        },
      });
    } catch (err) {
      const view = describeError(err, t, i18n.language);
      const fromServer: Errors = {};
      for (const k of order) if (view.fields[k]) fromServer[k] = view.fields[k];
      setErrors(fromServer);
      setFailure(view.message);
      setBusy(false);
    }
  };

  if (mine.isPending) {
    return (
      <Page title={t('duty.newTitle')} back="/duty">
        <Loading />
      </Page>
    );
  }
  if (mine.isError) {
    return (
      <Page title={t('duty.newTitle')} back="/duty">
        <LoadFailed onRetry={() => void mine.refetch()} />
      </Page>
    );
  }
  if (seats.length === 0) {
    return (
      <Page title={t('duty.newTitle')} back="/duty">
        <section className="h5-card">
          <p className="h5-muted">{t('duty.noSeat')}</p>
        </section>
      </Page>
    );
  }
  return (
    <Page title={t('duty.newTitle')} back="/duty" testId="h5-duty-record-form">
      <form className="h5-card h5-errand-form" onSubmit={submit} noValidate>
        <p className="h5-muted h5-small">{t('duty.newIntro')}</p>
        <DraftNotice draft={draft} unsaved={t('draft.photos')} />
        {failure ? (
          <Alert tone="error" title={t('duty.failed')} testId="h5-duty-form-error">
            {failure}
          </Alert>
        ) : null}
        {seats.length > 1 ? (
          <SelectField
            id="duty-congress"
            label={t('duty.congress')}
            required
            value={String(congressId)}
            onValue={(x) => {
              setCongressId(Number(x));
              set('itemCode')('');
            }}
            placeholder={t('duty.congress')}
            options={seats.map((s) => ({ value: String(s.congress.id), label: s.congress.name }))}
          />
        ) : (
          <p className="h5-duty-congress">{seats[0]?.congress.name}</p>
        )}
        {scheme.isError ? (
          <LoadFailed onRetry={() => void scheme.refetch()} />
        ) : scheme.isPending ? (
          <Loading />
        ) : items.length === 0 ? (
          <p className="h5-muted">{t('duty.noManualItems')}</p>
        ) : (
          <SelectField
            id="duty-item"
            label={t('duty.item')}
            required
            value={v.itemCode}
            onValue={set('itemCode')}
            placeholder={t('duty.itemPlaceholder')}
            options={items.map((i) => ({ value: i.code, label: i.name }))}
            error={errors.itemCode}
            hint={
              chosen
                ? `${chosen.description ? `${chosen.description}；` : ''}${t('duty.itemHint', {
                    points: chosen.pointsPerRecord,
                    cap: chosen.capPerTerm,
                  })}`
                : undefined
            }
          />
        )}
        <TextField
          id="duty-title"
          label={
            <>
              {t('duty.recordTitle')}
              <RequiredMark />
            </>
          }
          placeholder={t('duty.recordTitlePlaceholder')}
          value={v.title}
          onValue={set('title')}
          error={errors.title}
          maxLength={60}
          aria-required
        />
        <TextField
          id="duty-date"
          type="date"
          label={
            <>
              {t('duty.date')}
              <RequiredMark />
            </>
          }
          value={v.occurredOn}
          onValue={set('occurredOn')}
          error={errors.occurredOn}
          max={today}
          aria-required
        />
        <TextAreaField
          id="duty-detail"
          label={
            <>
              {t('duty.detail')}
              <RequiredMark />
            </>
          }
          placeholder={t('duty.detailPlaceholder')}
          value={v.detail}
          onValue={set('detail')}
          error={errors.detail}
          maxLength={1000}
          rows={5}
          aria-required
        />
        <div className="h5-field" data-testid="h5-duty-photos-field">
          <span className="h5-errand-file-label">{t('duty.photos')}</span>
          <p className="h5-field-hint">{t('duty.photosHint', { max: MAX_RECORD_PHOTOS })}</p>
          {problem ? (
            <p className="h5-field-error" role="alert" data-testid="h5-duty-photo-problem">
              {problem}
            </p>
          ) : null}
          {photos.length > 0 ? (
            <ul className="h5-congress-photos">
              {photos.map((f, i) => (
                <li key={fileKey(f)}>
                  {previews[i] ? <img src={previews[i]} alt={f.name} data-testid="h5-duty-photo" /> : null}
                  <button
                    type="button"
                    className="h5-btn h5-btn-text"
                    onClick={() => {
                      setProblem(null);
                      setPhotos(photos.filter((_, j) => j !== i));
                    }}
                  >
                    {t('duty.photoRemove')}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {photos.length < MAX_RECORD_PHOTOS ? (
            <PhotoInput
              disabled={busy}
              testId="h5-duty-photo-pick"
              label="duty.photoAdd"
              busyLabel="duty.photoUploading"
              onPick={(file) => {
                const why = photoProblem(file);
                setProblem(why ? t(`duty.${why}`, { name: file.name }) : null);
                if (!why && !photos.some((f) => fileKey(f) === fileKey(file))) setPhotos([...photos, file]);
              }}
            />
          ) : null}
        </div>
        <button
          type="submit"
          className="h5-btn h5-btn-primary h5-btn-block"
          disabled={busy || items.length === 0}
          data-testid="h5-duty-record-submit"
        >
          {busy ? t('duty.submitting') : t('duty.submit')}
        </button>
      </form>
    </Page>
  );
}
