import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../components.tsx';
import { IconBox, IconChat, IconHandHeart, IconStar, IconThumb, IconTruck } from '../icons.tsx';

/** The services the platform will offer; none is open yet, and none pretends to be. */
const services: { key: string; icon: ReactNode }[] = [
  { key: 'hardship', icon: <IconHandHeart /> },
  { key: 'wish', icon: <IconStar /> },
  { key: 'delivery', icon: <IconTruck /> },
  { key: 'discuss', icon: <IconChat /> },
  { key: 'supply', icon: <IconBox /> },
  { key: 'survey', icon: <IconThumb /> },
];

export function ServicesPage() {
  const { t } = useTranslation();
  usePageTitle(t('services.title'));
  return (
    <main className="h5-page">
      <header className="h5-page-head">
        <h1>{t('services.title')}</h1>
        <p className="h5-muted">{t('services.intro')}</p>
      </header>
      <ul className="h5-services">
        {services.map((s) => (
          <li key={s.key} className="h5-service" aria-disabled="true" data-service={s.key}>
            <span className="h5-service-icon">{s.icon}</span>
            <span className="h5-service-name">{t(`services.${s.key}`)}</span>
            <span className="h5-service-desc">{t(`services.${s.key}Desc`)}</span>
            <span className="h5-chip">{t('services.soon')}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}
