import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { halfWidthNumber, yuanTextToFen } from '../../../../shared/money.ts';
import type { TWish, TWishInput, WishCategory } from '../../../../shared/wishes.ts';
import { api, request } from '../../../shared/api.ts';
import { Alert, LoadFailed, Loading, TextField } from '../../components.tsx';
import { DraftNotice, useDraft, useDraftForm } from '../../drafts.tsx';
import { describeError } from '../../errors.ts';
import { RequiredMark, SelectField, TextAreaField } from '../hardship/common.tsx';
import { DEFAULT_WISH_VALUE_CAP_FEN, uploadWishPhoto, useMyWishes, useWish, wishesApi } from './data.ts';
import { PhotoPicker, WishPage, yuan } from './ui.tsx';

const categories: WishCategory[] = ['living', 'culture', 'career', 'health', 'schooling', 'skills', 'other'];
type Field = 'title' | 'story' | 'category' | 'valueFen' | 'photoFileId';
type Errors = Partial<Record<Field, string>>;

/** `/m/wishes/mine/new` and `/m/wishes/mine/:id/edit` (pending or returned wishes). */
export function WishFormPage() {
  const { t } = useTranslation();
  const params = useParams();
  const editId = params.id ? Number(params.id) : null;
  const mine = useMyWishes();
  const wish = useWish(editId ?? 0, editId !== null);
  const title = editId ? t('wishes.form.editTitle') : t('wishes.form.newTitle');
  const back = editId ? `/wishes/mine/${editId}` : '/wishes/mine';
  const loading = mine.isPending || (editId !== null && wish.isPending);
  const failed = mine.isError || (editId !== null && wish.isError);
  return (
    <WishPage title={title} back={back} testId="h5-wish-form">
      {loading ? (
        <Loading />
      ) : failed ? (
        <LoadFailed onRetry={() => void (mine.isError ? mine.refetch() : wish.refetch())} />
      ) : (
        <WishForm
          capFen={mine.data?.valueCapFen ?? DEFAULT_WISH_VALUE_CAP_FEN}
          wish={editId !== null ? (wish.data ?? null) : null}
          canPost={mine.data?.canPost ?? false}
          reason={mine.data?.reason ?? null}
        />
      )}
    </WishPage>
  );
}

function WishForm({
  capFen,
  wish,
  canPost,
  reason,
}: {
  capFen: number;
  wish: TWish | null;
  canPost: boolean;
  reason: string | null;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const draftName = `wishes.${wish?.id ?? 'new'}`;
  const draft = useDraftForm(draftName);
  const [titleText, setTitle] = useDraft(draftName, 'title', wish?.title ?? '');
  const [story, setStory] = useDraft(draftName, 'story', wish?.story ?? '');
  const [category, setCategory] = useDraft<string>(draftName, 'category', wish?.category ?? '');
  const [value, setValue] = useDraft(draftName, 'value', wish ? String(wish.valueFen / 100) : '');
  const [photo, setPhoto] = useState<File | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!wish && !canPost) {
    return (
      <Alert tone="info" title={t('wishes.worker.cannotPost')} testId="h5-wish-cannot-post">
        {reason}
      </Alert>
    );
  }
  if (wish && wish.state !== 'pending' && wish.state !== 'returned') {
    return (
      <section className="h5-card">
        <p>{t(`wishes.state.${wish.state}`)}</p>
        <Link to={`/wishes/mine/${wish.id}`} className="h5-link-arrow">
          {t('wishes.worker.view')}
        </Link>
      </section>
    );
  }

  const cap = yuan(capFen);
  /** A field's message goes as soon as it is edited; the rest stay until the next try. */
  const clear = (f: Field) => setErrors((e) => (e[f] ? { ...e, [f]: undefined } : e));
  // The server's zod rules (ZWishInput), checked here first so most mistakes never leave the phone.
  const validate = (): Errors => {
    const fen = yuanTextToFen(value);
    const tt = titleText.trim();
    const st = story.trim();
    return {
      title:
        tt.length < 2
          ? t('wishes.form.titleRequired')
          : tt.length > 40
            ? t('wishes.form.tooLong', { max: 40 })
            : undefined,
      story:
        st.length < 10
          ? t('wishes.form.storyRequired')
          : st.length > 1000
            ? t('wishes.form.tooLong', { max: 1000 })
            : undefined,
      category: category ? undefined : t('wishes.form.categoryRequired'),
      // Say what is wrong with what was typed, not "fill it in" for a value that is there.
      valueFen:
        value.trim() === ''
          ? t('wishes.form.valueRequired')
          : value.includes('-')
            ? t('wishes.form.valueNegative')
            : fen === null
              ? t('wishes.form.valueFormat')
              : fen < 100
                ? t('wishes.form.valueMin')
                : fen > capFen
                  ? t('wishes.form.valueOverCap', { amount: cap })
                  : undefined,
    };
  };
  const focusFirst = (e: Errors) => {
    const order: [Field, string][] = [
      ['title', 'wish-title'],
      ['story', 'wish-story'],
      ['category', 'wish-category'],
      ['valueFen', 'wish-value'],
      ['photoFileId', 'wish-photo'],
    ];
    const first = order.find(([k]) => e[k]);
    if (first) document.getElementById(first[1])?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const found = validate();
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      setFailure(t('wishes.form.checkFields'));
      focusFirst(found);
      return;
    }
    setBusy(true);
    const body: TWishInput = {
      title: titleText.trim(),
      story: story.trim(),
      category: category as WishCategory,
      valueFen: yuanTextToFen(value) ?? 0,
    };
    let saved: TWish;
    try {
      if (wish) {
        // An existing wish: attach the photo first, so one PUT saves (and resubmits) everything.
        const photoFileId = photo ? await uploadWishPhoto(wish.id, photo) : undefined;
        saved = await request<TWish>('PUT', `${wishesApi}/${wish.id}`, {
          ...body,
          ...(photoFileId ? { photoFileId } : {}),
        });
      } else {
        saved = await api.post<TWish>(wishesApi, body);
      }
    } catch (err) {
      const view = describeError(err, t, i18n.language);
      const fromServer: Errors = {};
      for (const k of ['title', 'story', 'category', 'valueFen', 'photoFileId'] as const) {
        if (view.fields[k]) fromServer[k] = view.fields[k];
      }
      setErrors(fromServer);
      setFailure(view.message);
      focusFirst(fromServer);
      setBusy(false);
      return;
    }
    draft.done();
    let photoProblem: string | null = null;
    if (!wish && photo) {
      // A new wish: the photo can only be attached once the wish exists.
      try {
        const photoFileId = await uploadWishPhoto(saved.id, photo);
        saved = await request<TWish>('PUT', `${wishesApi}/${saved.id}`, { ...body, photoFileId });
      } catch (err) {
        photoProblem = describeError(err, t, i18n.language).message;
      }
    }
    await client.invalidateQueries({ queryKey: ['wishes'] });
    navigate(`/wishes/mine/${saved.id}`, {
      replace: true,
      state: {
        flash: photoProblem
          ? t('wishes.form.photoFailed', { message: photoProblem })
          : t('wishes.form.submitted'),
      },
    });
  };

  return (
    <form className="h5-card h5-form-card h5-wish-form" onSubmit={submit} noValidate>
      <p className="h5-muted">{t('wishes.form.intro')}</p>
      <DraftNotice draft={draft} />
      {wish?.state === 'returned' && wish.reviewNote ? (
        <Alert tone="warning" title={t('wishes.worker.reviewNote')}>
          {wish.reviewNote}
        </Alert>
      ) : null}
      {failure ? (
        <Alert tone="error" title={t('wishes.form.failedTitle')} testId="h5-wish-form-error">
          {failure}
        </Alert>
      ) : null}
      <TextField
        id="wish-title"
        label={
          <>
            {t('wishes.form.title')}
            <RequiredMark />
          </>
        }
        placeholder={t('wishes.form.titlePlaceholder')}
        value={titleText}
        onValue={(v) => {
          setTitle(v);
          clear('title');
        }}
        error={errors.title}
        maxLength={40}
        aria-required
      />
      <TextAreaField
        id="wish-story"
        label={
          <>
            {t('wishes.form.story')}
            <RequiredMark />
          </>
        }
        placeholder={t('wishes.form.storyPlaceholder')}
        value={story}
        onValue={(v) => {
          setStory(v);
          clear('story');
        }}
        error={errors.story}
        hint={`${story.trim().length} / 1000`}
        rows={6}
        maxLength={1000}
        aria-required
      />
      <SelectField
        id="wish-category"
        label={t('wishes.form.category')}
        required
        value={category}
        onValue={(v) => {
          setCategory(v);
          clear('category');
        }}
        placeholder={t('wishes.form.categoryPlaceholder')}
        options={categories.map((c) => ({ value: c, label: t(`wishes.categoryLabel.${c}`) }))}
        error={errors.category}
      />
      <TextField
        id="wish-value"
        label={
          <>
            {t('wishes.form.value')}
            <RequiredMark />
          </>
        }
        placeholder="300"
        value={value}
        onValue={(v) => {
          // A minus sign stays (dropping it would turn −5 into 5 unseen); the check then names it.
          // Full-width digits (a Chinese keyboard's) become ASCII as typed, not dropped.
          setValue(halfWidthNumber(v).replace(/[^\d.-]/g, ''));
          clear('valueFen');
        }}
        error={errors.valueFen}
        hint={t('wishes.form.valueHint', { amount: cap })}
        inputMode="decimal"
        maxLength={10}
        aria-required
      />
      {wish?.photoUrl && !photo ? (
        <div className="h5-wish-photo-preview">
          <img src={wish.photoUrl} alt={t('wishes.form.photoCurrent')} />
        </div>
      ) : null}
      <PhotoPicker
        id="wish-photo"
        label={t('wishes.form.photo')}
        hint={t('wishes.form.photoHint')}
        file={photo}
        onFile={setPhoto}
      />
      {errors.photoFileId ? <p className="h5-field-error">{errors.photoFileId}</p> : null}
      <button
        type="submit"
        className="h5-btn h5-btn-primary h5-btn-block"
        disabled={busy}
        aria-busy={busy}
        data-testid="h5-wish-submit"
      >
        {busy
          ? t('wishes.form.submitting')
          : wish?.state === 'returned'
            ? t('wishes.form.resubmit')
            : wish
              ? t('wishes.form.save')
              : t('wishes.form.submit')}
      </button>
    </form>
  );
}
