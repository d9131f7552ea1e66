import 'i18next';
import type complaintsVi from '../complaints/vi.json';
import type vi from './vi.json';

/**
 * Keys are checked at compile time against the Vietnamese file (the reference). The "requests"
 * section is checked by its own screens' helper (web/src/requests/i18n.ts), all but its menu label
 * kept out of this type; so is "complaints" (web/src/complaints/vi.json, useComplaintsT): the
 * compiler gives up (TS2589) once the key union grows past ~715 keys.
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Omit<typeof vi, 'requests'> & { requests: Pick<(typeof vi)['requests'], 'nav'>; complaints: Pick<typeof complaintsVi, 'nav'> } };
  }
}
