import { TextInput } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatVnDateTimeInput, parseVnDateTime } from '../lib/vn-date-time.js';

interface DateTimeInputProps {
  label: string;
  /** Epoch ms, or null while what is typed is not a moment. */
  value: number | null;
  onChange(ms: number | null): void;
  seconds?: boolean;
  name?: string;
  error?: string | undefined;
  description?: string;
  required?: boolean;
}

/** A moment typed dd/MM/yyyy HH:mm in Vietnam's time, whatever the browser's language and zone. */
export function DateTimeInput({ label, value, onChange, seconds = false, name, error, description, required }: DateTimeInputProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(value === null ? '' : formatVnDateTimeInput(value, seconds));
  const [last, setLast] = useState(value);
  if (value !== last) {
    // Set from outside (a preset, a reset): show it.
    setLast(value);
    if (value !== null) setText(formatVnDateTimeInput(value, seconds));
  }
  const typed = (next: string) => {
    setText(next);
    const ms = parseVnDateTime(next);
    setLast(ms);
    onChange(ms);
  };
  const wrong = text.trim() !== '' && parseVnDateTime(text) === null;
  return (
    <TextInput
      label={label} name={name} value={text} onChange={(e) => typed(e.currentTarget.value)} description={description} withAsterisk={required}
      placeholder={seconds ? 'dd/mm/yyyy hh:mm:ss' : 'dd/mm/yyyy hh:mm'} inputMode="numeric" autoComplete="off" leftSection={<IconClock size={16} />}
      error={error ?? (wrong ? t('workflow.dateTimeFormat') : undefined)}
    />
  );
}
