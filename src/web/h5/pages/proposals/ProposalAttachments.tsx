import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, useOptionalMe } from '../../components.tsx';
import { fileKey, PhotoInput, photoRefusal } from './AppealPhotos.tsx';
import {
  attachableStates,
  attachmentAccept,
  attachmentProblem,
  type FileRow,
  fileUrl,
  formatSize,
  MAX_PROPOSAL_FILES,
  type ProposalView,
  proposalAttachments,
  proposalFilesKey,
  uploadProposalFile,
  useProposalFiles,
} from './data.ts';

/**
 * 云履职 attachments (issue #8 point 2): the proposer's own files on `proposals.proposal` (platform
 * files), images or PDF / Word / Excel, up to 9 of 10 MB each. The draft form collects them and uploads
 * them once the draft is saved; the proposal page lists them for all who may see the proposal and lets
 * the proposer add more while it is 草稿 / 联名中 / 退回修改.
 */

/**
 * A refusal the form met uploading after the draft was saved, handed to the proposal page it navigates
 * to (its own flash state is cleared before the attachments mount), taken once.
 */
const handed = new Map<number, string>();

/**
 * After the draft is saved: upload the files picked on the form to it. The draft stands whatever happens;
 * the first refusal, in words, waits for the proposal page's attachments block.
 */
export async function uploadDraftAttachments(
  proposalId: number,
  files: File[],
  t: TFunction,
  lang: string,
): Promise<void> {
  let problem: string | null = null;
  for (const file of files) {
    try {
      await uploadProposalFile(proposalId, file);
    } catch (err) {
      problem ??= t('congress.attachmentFailed', { reason: photoRefusal(err, file, t, lang, 'file') });
    }
  }
  if (problem) handed.set(proposalId, problem);
  else handed.delete(proposalId);
}

function takeHanded(proposalId: number): string | null {
  const problem = handed.get(proposalId) ?? null;
  handed.delete(proposalId);
  return problem;
}

/** The draft form's field: counts what an edited draft already carries against the 9. */
export function DraftAttachmentsField({
  proposalId,
  files,
  onFiles,
}: {
  proposalId: number;
  files: File[];
  onFiles: (f: File[]) => void;
}) {
  const list = useProposalFiles(proposalId);
  return <AttachmentPickerField files={files} onFiles={onFiles} already={list.data?.length ?? 0} />;
}

const isImage = (f: { mime?: string; type?: string }) => (f.mime ?? f.type ?? '').startsWith('image/');

/** The form's picker: files chosen before the draft is saved (`already` counts those attached before). */
export function AttachmentPickerField({
  files,
  onFiles,
  already = 0,
}: {
  files: File[];
  onFiles: (f: File[]) => void;
  already?: number;
}) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const [previews, setPreviews] = useState<(string | null)[]>([]);
  useEffect(() => {
    const urls = files.map((f) => (isImage(f) ? URL.createObjectURL(f) : null));
    setPreviews(urls);
    return () => {
      for (const u of urls) if (u) URL.revokeObjectURL(u);
    };
  }, [files]);
  return (
    <div className="h5-field" data-testid="h5-proposal-files-field">
      <span className="h5-errand-file-label">{t('congress.attachments')}</span>
      <p className="h5-field-hint">{t('congress.attachmentsHint')}</p>
      {problem ? (
        <p className="h5-field-error" role="alert" data-testid="h5-proposal-file-problem">
          {problem}
        </p>
      ) : null}
      {files.length ? (
        <ul className="h5-congress-files">
          {files.map((f, i) => (
            <li key={fileKey(f)}>
              {previews[i] ? (
                <img src={previews[i] ?? undefined} alt="" />
              ) : (
                <span className="h5-congress-file-icon">{ext(f.name)}</span>
              )}
              <span className="h5-congress-file-name">
                {f.name}
                <span className="h5-muted h5-small"> · {formatSize(f.size)}</span>
              </span>
              <button
                type="button"
                className="h5-btn h5-btn-text"
                onClick={() => {
                  setProblem(null);
                  onFiles(files.filter((_, j) => j !== i));
                }}
              >
                {t('congress.attachmentRemove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {already + files.length < MAX_PROPOSAL_FILES ? (
        <PhotoInput
          disabled={false}
          testId="h5-proposal-file-pick"
          accept={attachmentAccept}
          camera={false}
          label="congress.attachmentAdd"
          busyLabel="congress.attachmentUploading"
          onPick={(file) => {
            const why = attachmentProblem(file);
            setProblem(why ? t(`congress.${why}`, { name: file.name }) : null);
            if (!why && !files.some((f) => fileKey(f) === fileKey(file))) onFiles([...files, file]);
          }}
        />
      ) : (
        <p className="h5-muted h5-small">{t('congress.attachmentLimit')}</p>
      )}
    </div>
  );
}

/** PDF, DOCX, XLSX: the badge of a document without a thumbnail. */
function ext(name: string): string {
  return name.includes('.') ? (name.split('.').pop() ?? '').toUpperCase().slice(0, 4) : '';
}

/** The proposal's own attachments: images as thumbnails, documents as download links with their names. */
function AttachmentList({ files }: { files: FileRow[] }) {
  const { t } = useTranslation();
  const images = files.filter((f) => isImage(f));
  const docs = files.filter((f) => !isImage(f));
  return (
    <>
      {images.length ? (
        <ul className="h5-congress-photos">
          {images.map((f) => (
            <li key={f.id}>
              <a
                href={fileUrl(f.id)}
                target="_blank"
                rel="noreferrer"
                aria-label={t('congress.attachmentOpen', { name: f.originalName })}
              >
                <img
                  src={fileUrl(f.id)}
                  alt={f.originalName}
                  loading="lazy"
                  data-testid="h5-proposal-image"
                />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {docs.length ? (
        <ul className="h5-congress-files">
          {docs.map((f) => (
            <li key={f.id}>
              <span className="h5-congress-file-icon">{ext(f.originalName)}</span>
              <a
                className="h5-congress-file-name"
                href={fileUrl(f.id)}
                download={f.originalName}
                aria-label={t('congress.attachmentDownload', { name: f.originalName })}
                data-testid="h5-proposal-doc"
              >
                {f.originalName}
                {f.size ? <span className="h5-muted h5-small"> · {formatSize(f.size)}</span> : null}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/**
 * On the proposal page: the attachments for all who may see it (the files of progress updates and
 * replies stay with those); the proposer adds more while drafting. `handed` is the refusal the form
 * could not upload after saving the draft.
 */
export function ProposalAttachments({ proposal: p }: { proposal: ProposalView }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const me = useOptionalMe();
  const list = useProposalFiles(p.id);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(() => takeHanded(p.id));
  const [note, setNote] = useState<string | null>(null);
  const files = proposalAttachments(list.data ?? [], p.updates);
  const canAdd = !!me && me.user.id === p.proposer.id && attachableStates.includes(p.state);
  if (!canAdd && files.length === 0 && !problem && !list.isError) return null;
  const add = async (file: File) => {
    setNote(null);
    const why = attachmentProblem(file);
    if (why) {
      setProblem(t(`congress.${why}`, { name: file.name }));
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      await uploadProposalFile(p.id, file);
      setNote(t('congress.attachmentAdded'));
    } catch (err) {
      setProblem(photoRefusal(err, file, t, i18n.language, 'file'));
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: proposalFilesKey(p.id) });
    }
  };
  return (
    <section className="h5-card" aria-labelledby="proposal-files" data-testid="h5-proposal-files">
      <h2 id="proposal-files" className="h5-card-title">
        {t('congress.attachments')}
        {files.length ? <span className="h5-muted h5-small">（{files.length}）</span> : null}
      </h2>
      {problem ? (
        <Alert tone="error" title={t('congress.failed')} testId="h5-proposal-file-error">
          {problem}
        </Alert>
      ) : null}
      {list.isError ? (
        <p className="h5-muted" role="alert">
          {t('congress.attachmentsLoadFailed')}
        </p>
      ) : null}
      {note ? (
        <Alert tone="success" testId="h5-proposal-file-note">
          {note}
        </Alert>
      ) : null}
      <AttachmentList files={files} />
      {canAdd ? (
        list.data && files.length >= MAX_PROPOSAL_FILES ? (
          <p className="h5-muted h5-small">{t('congress.attachmentLimit')}</p>
        ) : (
          <>
            <p className="h5-field-hint">{t('congress.attachmentsAddHint')}</p>
            <PhotoInput
              disabled={busy}
              busy={busy}
              testId="h5-proposal-file-add"
              accept={attachmentAccept}
              camera={false}
              label="congress.attachmentAdd"
              busyLabel="congress.attachmentUploading"
              onPick={(file) => void add(file)}
            />
          </>
        )
      ) : null}
    </section>
  );
}
