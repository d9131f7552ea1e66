import { useSectionT } from '../i18n/section';
import type vi from './vi.json';

/** The complaint screens' strings (R3.3), in web/src/complaints/vi.json and en.json. */
export const useComplaintsT = () => useSectionT<typeof vi>('complaints');
