import { Alert, Badge, Button, CloseButton, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DayInput } from '../admin/DayInput.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FullPageLoader } from '../components/FullPage.js';
import { currentLang } from '../i18n/index.js';
import { CALENDAR_KEY, saveCalendar, useCalendar } from './api.js';
import { useComplaintsT } from './i18n.js';
import type { WorkingCalendarView } from './shared.js';

const shown = (iso: string) => iso.split('-').reverse().join('/');
const WEEKDAY = { vi: new Intl.DateTimeFormat('vi-VN', { weekday: 'short', timeZone: 'UTC' }), en: new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' }) };
const weekday = (iso: string) => WEEKDAY[currentLang()].format(new Date(`${iso}T00:00:00Z`));

/** "Lịch làm việc — ngày nghỉ lễ": the days that do not count toward a complaint's working-day deadlines (R3.3). */
export function CalendarCard() {
  const calendar = useCalendar();
  if (calendar.isPending) return <FullPageLoader inline />;
  if (calendar.isError) return <ErrorAlert error={calendar.error} />;
  return <CalendarForm key={JSON.stringify(calendar.data)} saved={calendar.data} />;
}

function CalendarForm({ saved }: { saved: WorkingCalendarView }) {
  const tc = useComplaintsT();
  const client = useQueryClient();
  const [holidays, setHolidays] = useState(saved.holidays);
  const [makeUp, setMakeUp] = useState(saved.makeUpWorkingDays);
  const save = useMutation({
    mutationFn: () => saveCalendar({ holidays, makeUpWorkingDays: makeUp }),
    onSuccess: (next) => {
      client.setQueryData(CALENDAR_KEY, next);
      notifications.show({ color: 'green', message: tc('calendar.saved') });
    },
  });
  const dirty = JSON.stringify(holidays) !== JSON.stringify(saved.holidays) || JSON.stringify(makeUp) !== JSON.stringify(saved.makeUpWorkingDays);
  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="calendar-settings">
      <Stack gap="sm">
        <Title order={2} size="h4">{tc('calendar.title')}</Title>
        <Text size="sm" c="dimmed">{tc('calendar.intro')}</Text>
        {saved.isDefault && <Alert color="blue" variant="light" icon={<IconInfoCircle />} p="xs" data-testid="calendar-default">{tc('calendar.isDefault')}</Alert>}
        <ErrorAlert error={save.error} />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <DateList title={tc('calendar.holidays')} hint={tc('calendar.holidaysHint')} dates={holidays} onChange={setHolidays} testId="holidays" />
          <DateList title={tc('calendar.makeUp')} hint={tc('calendar.makeUpHint')} dates={makeUp} onChange={setMakeUp} testId="make-up-days" />
        </SimpleGrid>
        <Group>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty} data-testid="calendar-save">{tc('calendar.save')}</Button>
          {dirty && <Button variant="subtle" onClick={() => { setHolidays(saved.holidays); setMakeUp(saved.makeUpWorkingDays); }}>{tc('calendar.undo')}</Button>}
        </Group>
      </Stack>
    </Paper>
  );
}

function DateList({ title, hint, dates, onChange, testId }: { title: string; hint: string; dates: readonly string[]; onChange(next: string[]): void; testId: string }) {
  const tc = useComplaintsT();
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const add = () => {
    if (!adding) return setError(tc('calendar.pickDay'));
    if (dates.includes(adding)) return setError(tc('calendar.already'));
    onChange([...dates, adding].sort());
    setAdding('');
    setError(undefined);
    return undefined;
  };
  const years = [...new Set(dates.map((d) => d.slice(0, 4)))].sort();
  return (
    <Stack gap="xs" data-testid={testId}>
      <Text fw={600}>{title}</Text>
      <Text size="xs" c="dimmed">{hint}</Text>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <div style={{ flex: 1, minWidth: 0 }}>
          <DayInput label={tc('calendar.day')} name={`${testId}-day`} value={adding} onChange={(v) => { setAdding(v); setError(undefined); }} error={error} />
        </div>
        <Button mt={25} variant="light" leftSection={<IconCalendarPlus size={16} />} onClick={add} data-testid={`${testId}-add`}>{tc('calendar.add')}</Button>
      </Group>
      {dates.length === 0 && <Text size="sm" c="dimmed">{tc('calendar.none')}</Text>}
      {years.map((y) => (
        <Stack key={y} gap={4}>
          <Text size="xs" fw={700} c="dimmed">{y}</Text>
          <Group gap={6}>
            {dates.filter((d) => d.startsWith(y)).map((d) => (
              <Badge
                key={d} variant="light" color="gray" tt="none" size="lg" pr={2} data-day={d}
                rightSection={<CloseButton size="xs" onClick={() => onChange(dates.filter((x) => x !== d))} aria-label={tc('calendar.remove', { day: shown(d) })} />}
              >
                {shown(d)} <Text span size="xs" c="dimmed">{weekday(d)}</Text>
              </Badge>
            ))}
          </Group>
        </Stack>
      ))}
    </Stack>
  );
}
