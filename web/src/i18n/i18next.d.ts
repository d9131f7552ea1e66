import 'i18next';
import type vi from './vi.json';

/** Keys are checked at compile time against the Vietnamese file (the reference). */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}
