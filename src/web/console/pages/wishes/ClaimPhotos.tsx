import { EyeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Image, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFile } from '../../../../shared/files.ts';
import { api } from '../../../shared/api.ts';
import { wishesKey } from './model.ts';

/** 寄出凭证: the photos attached to a claim (files entity `wishes.claim`), opened in a viewer on request. */
export function ClaimPhotos({ claimId }: { claimId: number }) {
  const { t } = useTranslation();
  const [viewing, setViewing] = useState<number | null>(null);
  const photos = useQuery({
    queryKey: [...wishesKey, 'claim-photos', claimId],
    queryFn: () =>
      api.get<{ items: TFile[] }>('/api/v1/files', { entityType: 'wishes.claim', entityId: String(claimId) }),
  });
  const images = (photos.data?.items ?? []).filter((f) => f.mime.startsWith('image/'));
  if (images.length === 0)
    return <Typography.Text type="secondary">{photos.isPending ? '' : '—'}</Typography.Text>;
  return (
    <>
      <Button
        size="small"
        icon={<EyeOutlined />}
        onClick={() => setViewing(0)}
        data-testid="wish-claim-photos"
      >
        {t('wishes.claim.photos', { count: images.length })}
      </Button>
      {viewing !== null ? (
        <Image.PreviewGroup
          items={images.map((f) => ({ src: `/api/v1/files/${f.id}`, alt: f.originalName }))}
          preview={{
            open: true,
            current: viewing,
            onChange: (current) => setViewing(current),
            onOpenChange: (open) => {
              if (!open) setViewing(null);
            },
          }}
        />
      ) : null}
    </>
  );
}
