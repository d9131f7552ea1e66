import { Select, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n/index.js';
import { MIN_OTHER_REASON_TEXT, MIN_REASON_TEXT, REASONS, REASON_LABELS, type ReasonCode, reasonProblem } from './reasons.js';

export interface ReasonValue {
  code: ReasonCode | null;
  text: string;
}

/** What is wrong with the reason as typed, checked as the server checks it (src/domain/reasons.ts). */
export function reasonErrors(v: ReasonValue, t: ReturnType<typeof useTranslation>['t']): { code?: string; text?: string } {
  if (!v.code) return { code: t('playback.reason.required') };
  const problem = reasonProblem(v.code, v.text);
  return problem ? { text: problem[currentLang()] } : {};
}

/** R3.1: a reason from the short list and the viewer's own words. */
export function ReasonFields({ value, onChange, errors, autoFocus }: {
  value: ReasonValue;
  onChange(v: ReasonValue): void;
  errors: { code?: string; text?: string };
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const lang = currentLang();
  const min = value.code === 'other' ? MIN_OTHER_REASON_TEXT : MIN_REASON_TEXT;
  return (
    <>
      <Select
        label={t('playback.reason.code')} placeholder={t('playback.reason.codePlaceholder')} required data-autofocus={autoFocus || undefined}
        data={REASONS.map((r) => ({ value: r, label: REASON_LABELS[r][lang] }))} value={value.code} allowDeselect={false}
        onChange={(code) => onChange({ ...value, code: code as ReasonCode | null })} error={errors.code} comboboxProps={{ withinPortal: true }}
        name="reasonCode" data-testid="reason-code"
      />
      <Textarea
        label={t('playback.reason.text')} description={t('playback.reason.textHint', { min })} placeholder={t('playback.reason.textPlaceholder')}
        required autosize minRows={2} maxRows={5} maxLength={500} value={value.text} error={errors.text}
        onChange={(e) => onChange({ ...value, text: e.currentTarget.value })} name="reasonText" data-testid="reason-text"
      />
    </>
  );
}
