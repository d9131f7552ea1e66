import { useTranslation } from 'react-i18next';
import type vi from '../i18n/vi.json';

type Paths<T, P extends string = ''> = { [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`> }[keyof T & string];
/** A key of the "requests" section of vi.json (the reference), without its prefix. */
export type RequestKey = Paths<(typeof vi)['requests']>;

/**
 * The request screens' strings (R4.2), from the "requests" section of vi.json / en.json. Checked
 * here against that section alone: the main key type is at the compiler's size limit (i18next.d.ts).
 */
export function useRequestsT(): (key: RequestKey, options?: Record<string, unknown>) => string {
  const { t } = useTranslation();
  const loose = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  return (key, options) => loose(`requests.${key}`, options);
}
