import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import vi from './vi.json' with { type: 'json' };
import complaintsEn from '../complaints/en.json' with { type: 'json' };
import complaintsVi from '../complaints/vi.json' with { type: 'json' };
import caseFilesEn from '../cases/en.json' with { type: 'json' };
import caseFilesVi from '../cases/vi.json' with { type: 'json' };

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];
const STORAGE_KEY = 'vigil.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** Vietnamese first: the UI starts in Vietnamese unless the user chose English on this browser. */
void i18n.use(initReactI18next).init({
  // Sections kept in their own files (typed by useSectionT, see section.ts).
  resources: {
    vi: { translation: { ...vi, complaints: complaintsVi, caseFiles: caseFilesVi } },
    en: { translation: { ...en, complaints: complaintsEn, caseFiles: caseFilesEn } },
  },
  lng: storedLang(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language;

export const currentLang = (): Lang => (i18n.language === 'en' ? 'en' : 'vi');

export async function switchLang(lang: Lang): Promise<void> {
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export default i18n;
