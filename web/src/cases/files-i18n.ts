import { useSectionT } from '../i18n/section';
import type vi from './vi.json';

/** The case attachments' strings (R4.3), in web/src/cases/vi.json and en.json, section "caseFiles". */
export const useCaseFilesT = () => useSectionT<typeof vi>('caseFiles');
