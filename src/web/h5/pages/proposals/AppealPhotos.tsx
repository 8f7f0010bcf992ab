import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TAppeal } from '../../../../shared/appeals.ts';
import { ApiError } from '../../../shared/api.ts';
import { Alert } from '../../components.tsx';
import { describeError } from '../../errors.ts';
import {
  appealPhotos,
  appealPhotosKey,
  MAX_APPEAL_PHOTOS,
  photoProblem,
  photoTypes,
  photoUrl,
  uploadAppealPhoto,
  useAppealPhotoFiles,
} from './data.ts';

/**
 * The hidden native file input (camera or album on a phone) behind a big button in our words. Each pick
 * is checked here first (type, size) so a refusal reads as a sentence, not a server code. Photos by
 * default; a proposal's attachments pass their own `accept`, no camera and their own labels.
 */
export function PhotoInput({
  disabled,
  busy,
  onPick,
  testId,
  accept = `image/*,${photoTypes.join(',')}`,
  camera = true,
  label = 'congress.photoAdd',
  busyLabel = 'congress.photoUploading',
}: {
  disabled: boolean;
  busy?: boolean;
  onPick: (file: File) => void;
  testId: string;
  accept?: string;
  camera?: boolean;
  label?: string;
  busyLabel?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <span className="h5-congress-photo-add">
      <input
        id={id}
        type="file"
        accept={accept}
        capture={camera ? 'environment' : undefined}
        className="h5-congress-photo-input"
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onPick(file);
        }}
      />
      <label htmlFor={id} className="h5-btn h5-btn-outline" aria-disabled={disabled} aria-busy={busy}>
        {busy ? t(busyLabel) : t(label)}
      </label>
    </span>
  );
}

/**
 * Why the server refused a photo (or, with `kind` 'file', a proposal's attachment), in this page's words:
 * its own 415 lists every attachment type the platform takes, which is not what a photo may be.
 */
export function photoRefusal(
  err: unknown,
  file: File,
  t: TFunction,
  lang: string,
  kind: 'photo' | 'file' = 'photo',
): string {
  if (err instanceof ApiError && err.status === 415)
    return t(`congress.${kind}WrongType`, { name: file.name });
  if (err instanceof ApiError && err.status === 413)
    return t(`congress.${kind}TooLarge`, { name: file.name });
  return describeError(err, t, lang).message;
}

export const fileKey = (f: File) => `${f.name}-${f.size}-${f.lastModified}`;

/** 我要提: photos chosen before the appeal exists; the form uploads them once it is created. */
export function PhotoPickerField({ files, onFiles }: { files: File[]; onFiles: (f: File[]) => void }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const [previews, setPreviews] = useState<string[]>([]);
  useEffect(() => {
    const urls = files.map((f) => URL.createObjectURL(f));
    setPreviews(urls);
    return () => {
      for (const u of urls) URL.revokeObjectURL(u);
    };
  }, [files]);
  return (
    <div className="h5-field" data-testid="h5-appeal-photos-field">
      <span className="h5-errand-file-label">{t('congress.photos')}</span>
      <p className="h5-field-hint">{t('congress.photosHint')}</p>
      {problem ? (
        <p className="h5-field-error" role="alert" data-testid="h5-appeal-photo-problem">
          {problem}
        </p>
      ) : null}
      <ul className="h5-congress-photos">
        {files.map((f, i) => (
          <li key={fileKey(f)}>
            {previews[i] ? <img src={previews[i]} alt={f.name} /> : null}
            <button
              type="button"
              className="h5-btn h5-btn-text"
              onClick={() => {
                setProblem(null);
                onFiles(files.filter((_, j) => j !== i));
              }}
            >
              {t('congress.photoRemove')}
            </button>
          </li>
        ))}
      </ul>
      {files.length < MAX_APPEAL_PHOTOS ? (
        <PhotoInput
          disabled={false}
          testId="h5-appeal-photo-pick"
          onPick={(file) => {
            const why = photoProblem(file);
            setProblem(why ? t(`congress.${why}`, { name: file.name }) : null);
            // The same photo picked twice is kept once.
            if (!why && !files.some((f) => fileKey(f) === fileKey(file))) onFiles([...files, file]);
          }}
        />
      ) : (
        <p className="h5-muted h5-small">{t('congress.photoLimit')}</p>
      )}
    </div>
  );
}

/**
 * The appeal's photos as thumbnails for everyone who may see the appeal (each opens the full image);
 * the author adds more while it is 待分办 (open), up to three.
 */
export function AppealPhotos({ appeal, handed }: { appeal: TAppeal; handed?: string | null }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const list = useAppealPhotoFiles(appeal.id);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(handed ?? null);
  const [note, setNote] = useState<string | null>(null);
  const photos = appealPhotos(list.data ?? [], appeal.replyFileIds);
  const canAdd = appeal.mine && appeal.state === 'open';
  if (!canAdd && photos.length === 0 && !problem) return null;
  const add = async (file: File) => {
    setNote(null);
    const why = photoProblem(file);
    if (why) {
      setProblem(t(`congress.${why}`, { name: file.name }));
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await uploadAppealPhoto(appeal.id, file);
      setNote(t('congress.photoAdded'));
    } catch (err) {
      setProblem(photoRefusal(err, file, t, i18n.language));
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: appealPhotosKey(appeal.id) });
    }
  };
  return (
    <section className="h5-card" aria-labelledby="appeal-photos" data-testid="h5-appeal-photos">
      <h2 id="appeal-photos" className="h5-card-title">
        {t('congress.photos')}
      </h2>
      {problem ? (
        <Alert tone="error" title={t('congress.failed')} testId="h5-appeal-photo-error">
          {problem}
        </Alert>
      ) : null}
      {note ? (
        <Alert tone="success" testId="h5-appeal-photo-note">
          {note}
        </Alert>
      ) : null}
      {photos.length > 0 ? (
        <ul className="h5-congress-photos">
          {photos.map((f, i) => (
            <li key={f.id}>
              <a
                href={photoUrl(f.id)}
                target="_blank"
                rel="noreferrer"
                aria-label={t('congress.photoOpen', { n: i + 1 })}
              >
                <img src={photoUrl(f.id)} alt={f.originalName} loading="lazy" data-testid="h5-appeal-photo" />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {canAdd ? (
        photos.length < MAX_APPEAL_PHOTOS ? (
          <>
            <p className="h5-field-hint">{t('congress.photosAddHint')}</p>
            <PhotoInput
              disabled={busy}
              busy={busy}
              testId="h5-appeal-photo-add"
              onPick={(file) => void add(file)}
            />
          </>
        ) : (
          <p className="h5-muted h5-small">{t('congress.photoLimit')}</p>
        )
      ) : null}
    </section>
  );
}
