import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** "20/11/2026" → "2026-11-20"; null when it is not a day of the calendar. */
export function parseDay(text: string): string | null {
  const m = DAY.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

const shown = (iso: string) => (iso ? iso.split('-').reverse().join('/') : '');

interface DayInputProps {
  label: string;
  /** yyyy-MM-dd, or empty. */
  value: string;
  onChange: (iso: string) => void;
  name?: string;
  error?: string | undefined;
  maw?: number;
}

/**
 * A day typed as dd/mm/yyyy whatever the browser's language (a native date field follows the
 * browser's own order, mm/dd/yyyy on an English Chrome).
 */
export function DayInput({ label, value, onChange, name, error, maw }: DayInputProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(shown(value));
  const [wrong, setWrong] = useState(false);
  const [last, setLast] = useState(value);
  if (value !== last) {
    // Changed from outside (a reset): show the new day.
    setLast(value);
    setText(shown(value));
  }
  const typed = (next: string) => {
    setText(next);
    const iso = next.trim() === '' ? '' : parseDay(next);
    setWrong(iso === null);
    if (iso !== null && iso !== value) {
      setLast(iso);
      onChange(iso);
    }
  };
  return (
    <TextInput
      label={label} name={name} value={text} onChange={(e) => typed(e.currentTarget.value)} placeholder="dd/mm/yyyy" inputMode="numeric" maw={maw}
      error={error ?? (wrong ? t('admin.form.dayFormat') : undefined)} autoComplete="off"
    />
  );
}
