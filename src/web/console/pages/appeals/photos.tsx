import { useQuery } from '@tanstack/react-query';
import { Image, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TAppeal } from '../../../../shared/appeals.ts';
import type { TFile } from '../../../../shared/files.ts';
import { api } from '../../../shared/api.ts';
import { errorMessage } from '../../forms.ts';
import { appealKey } from './model.ts';

/**
 * The worker's photos of an appeal (platform files on `proposals.appeal`, images other than the reply's
 * attachments) as thumbnails; a click opens the full image in the viewer, with the others one swipe away.
 */
export function AppealPhotos({ appeal }: { appeal: TAppeal }) {
  const { t } = useTranslation();
  const files = useQuery({
    queryKey: [...appealKey(appeal.id), 'photos'],
    queryFn: () =>
      api.get<{ items: TFile[] }>('/api/v1/files', {
        entityType: 'proposals.appeal',
        entityId: String(appeal.id),
      }),
  });
  if (files.isError) {
    return <Typography.Text type="danger">{errorMessage(files.error)}</Typography.Text>;
  }
  const photos = (files.data?.items ?? []).filter(
    (f) => f.mime.startsWith('image/') && !appeal.replyFileIds.includes(f.id),
  );
  if (photos.length === 0) return null;
  return (
    <div style={{ marginTop: 12 }} data-testid="appeal-photos">
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>
        {t('appealWork.detail.photos', { count: photos.length })}
      </Typography.Text>
      <Image.PreviewGroup>
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          {photos.map((f) => (
            <Image
              key={f.id}
              src={`/api/v1/files/${f.id}`}
              alt={f.originalName}
              width={104}
              height={104}
              style={{ objectFit: 'cover', borderRadius: 6 }}
              data-testid="appeal-photo"
            />
          ))}
        </div>
      </Image.PreviewGroup>
    </div>
  );
}
