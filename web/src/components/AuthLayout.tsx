import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDeviceCctv } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.js';

/** The frame of the sign-in screens: the school, the language switch, one card. */
export function AuthLayout({ title, children, width = 420 }: { title: string; children: ReactNode; width?: number }) {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="gray.0" p="md">
      <Group justify="flex-end"><LanguageSwitch /></Group>
      <Center>
        <Stack w="100%" maw={width} gap="lg" mt="md">
          <Stack gap={4} align="center" ta="center">
            <IconDeviceCctv size={44} color="var(--mantine-color-blue-6)" aria-hidden />
            <Text fw={700} size="xl">{t('app.school')}</Text>
            <Text c="dimmed" size="sm">{t('app.name')} — {t('app.tagline')}</Text>
          </Stack>
          <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
            <Stack gap="md">
              <Title order={2} size="h3">{title}</Title>
              {children}
            </Stack>
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
