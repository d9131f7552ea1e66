import { useTranslation } from 'react-i18next';

type Paths<T, P extends string = ''> = { [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`> }[keyof T & string];

/**
 * A translation function for one section of the strings, checked against that section's
 * Vietnamese reference alone. The whole key union is at the compiler's size limit (TS2589, see
 * i18next.d.ts), so newer screens keep their strings in a section of their own:
 * `const t = useSectionT<typeof complaintsVi>('complaints')`.
 */
export function useSectionT<Ref>(section: string): (key: Paths<Ref>, options?: Record<string, unknown>) => string {
  const { t } = useTranslation();
  const loose = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  return (key, options) => loose(`${section}.${key}`, options);
}
