import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common.i18n.ts';

export const languages = ['zh-CN', 'en-US'] as const;
export type Language = (typeof languages)[number];
const STORAGE_KEY = 'nj.lang';

export function savedLanguage(): Language {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return (languages as readonly string[]).includes(saved ?? '') ? (saved as Language) : 'zh-CN';
}

/**
 * One i18next instance per page. Chinese is the default; the choice is remembered in
 * localStorage. Each face adds its own strings, so the H5 does not carry the console's.
 */
export function initI18n(resources: { 'zh-CN': Record<string, unknown>; 'en-US': Record<string, unknown> }) {
  const merged: Resource = {
    'zh-CN': { translation: { ...common['zh-CN'], ...resources['zh-CN'] } },
    'en-US': { translation: { ...common['en-US'], ...resources['en-US'] } },
  };
  const lng = savedLanguage();
  void i18next.use(initReactI18next).init({
    resources: merged,
    lng,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

export async function changeLanguage(lng: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, lng);
  document.documentElement.lang = lng;
  await i18next.changeLanguage(lng);
}
