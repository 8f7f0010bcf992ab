/** 入户核查照片: the photos attached to one visit record; images open in a viewer only on request. */
import { CameraOutlined, EyeOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Image, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFile } from '../../../../shared/files.ts';
import { api, withQuery } from '../../../shared/api.ts';
import { errorMessage } from '../../forms.ts';
import { hardshipKey } from './model.ts';

const photosKey = (visitId: number) => [...hardshipKey, 'visit-photos', visitId] as const;

export function VisitPhotos({ visitId, canUpload }: { visitId: number; canUpload: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [uploading, setUploading] = useState(false);
  const [viewing, setViewing] = useState<number | null>(null);
  const owner = { entityType: 'hardship.visit', entityId: String(visitId) };
  const photos = useQuery({
    queryKey: photosKey(visitId),
    queryFn: () => api.get<{ items: TFile[] }>('/api/v1/files', owner),
  });
  // Each opening of a photo is a download of personal data, audited by the server: load on request only.
  const images = (photos.data?.items ?? []).filter((f) => f.mime.startsWith('image/'));

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const form = new FormData();
      form.append('file', file);
      await api.upload<TFile>(withQuery('/api/v1/files', owner), form);
      message.success(t('hardship.visits.photoUploaded'));
      await qc.invalidateQueries({ queryKey: photosKey(visitId) });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setUploading(false);
    }
  };

  if (photos.isError) {
    return <Typography.Text type="danger">{errorMessage(photos.error)}</Typography.Text>;
  }
  return (
    <Space size={8} wrap data-testid={`hardship-visit-photos-${visitId}`}>
      {images.length > 0 ? (
        <Button size="small" icon={<EyeOutlined />} onClick={() => setViewing(0)}>
          {t('hardship.visits.viewPhotos', { count: images.length })}
        </Button>
      ) : photos.isPending ? null : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('hardship.visits.noPhotos')}
        </Typography.Text>
      )}
      {canUpload ? (
        <Upload
          accept="image/jpeg,image/png,image/webp"
          showUploadList={false}
          disabled={uploading}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button size="small" icon={<CameraOutlined />} loading={uploading}>
            {t('hardship.visits.addPhoto')}
          </Button>
        </Upload>
      ) : null}
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
    </Space>
  );
}
