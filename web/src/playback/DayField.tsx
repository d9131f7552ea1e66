import { ActionIcon, Button, Group, TextInput, Tooltip } from '@mantine/core';
import { IconCalendar, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DAY_MS, formatVnDate, parseVnDate, vnDayStart } from './vn-time.js';

/** The day to look back on, typed dd/MM/yyyy (Vietnam's calendar), with the day before and after. */
export function DayField({ dayStartMs, onDay, nowMs }: { dayStartMs: number; onDay(dayStartMs: number): void; nowMs: number }) {
  const { t } = useTranslation();
  const [text, setText] = useState(formatVnDate(dayStartMs));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(formatVnDate(dayStartMs)), [dayStartMs]);
  const today = vnDayStart(nowMs);
  const commit = () => {
    const day = parseVnDate(text);
    if (day === null) return setError(t('playback.dateInvalid'));
    if (day > today) return setError(t('playback.dateFuture'));
    setError(null);
    if (day !== dayStartMs) onDay(day);
  };
  return (
    <Group gap={6} align="flex-start" wrap="nowrap">
      <Tooltip label={t('playback.previousDay')}>
        <ActionIcon variant="default" size={36} mt={25} aria-label={t('playback.previousDay')} onClick={() => onDay(dayStartMs - DAY_MS)}>
          <IconChevronLeft size={18} />
        </ActionIcon>
      </Tooltip>
      <TextInput
        label={t('playback.date')} placeholder={t('playback.datePlaceholder')} value={text} error={error} w={150} inputMode="numeric"
        leftSection={<IconCalendar size={16} />} onChange={(e) => setText(e.currentTarget.value)} onBlur={commit} name="day"
        onKeyDown={(e) => e.key === 'Enter' && commit()} data-testid="playback-day"
      />
      <Tooltip label={t('playback.nextDay')}>
        <ActionIcon variant="default" size={36} mt={25} aria-label={t('playback.nextDay')} disabled={dayStartMs >= today} onClick={() => onDay(dayStartMs + DAY_MS)}>
          <IconChevronRight size={18} />
        </ActionIcon>
      </Tooltip>
      {dayStartMs !== today && <Button variant="subtle" size="sm" mt={25} px={8} onClick={() => onDay(today)}>{t('playback.today')}</Button>}
    </Group>
  );
}
