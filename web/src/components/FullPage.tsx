import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function FullPageLoader({ inline = false }: { inline?: boolean }) {
  const { t } = useTranslation();
  return (
    <Center h={inline ? 200 : '100vh'}>
      <Loader aria-label={t('app.loading')} />
    </Center>
  );
}

export function ServerDown({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Center h="100vh" p="md">
      <Stack align="center" maw={420} ta="center">
        <Title order={2}>{t('app.serverDown')}</Title>
        <Text c="dimmed">{t('app.serverDownHint')}</Text>
        <Button onClick={onRetry}>{t('app.retry')}</Button>
      </Stack>
    </Center>
  );
}
