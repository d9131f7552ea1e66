import { Alert, Button, Code, Group, SimpleGrid, Stack } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The 10 recovery codes, shown once: copy (where the browser allows it), download, then "I saved them". */
export function RecoveryCodes({ codes, username, onSaved }: { codes: string[]; username: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const text = `${t('auth.enrol.fileHeader', { username })}\n\n${codes.join('\n')}\n`;
  // The clipboard API exists only over HTTPS (or on localhost); a school LAN may serve plain HTTP.
  const canCopy = typeof navigator.clipboard?.writeText === 'function';
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `vigil-ma-khoi-phuc-${username}.txt`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle />}>{t('auth.enrol.codesIntro')}</Alert>
      <SimpleGrid cols={2} spacing="xs" data-testid="recovery-codes">
        {codes.map((c) => <Code key={c} fz="lg" ta="center" py={6}>{c}</Code>)}
      </SimpleGrid>
      <Group grow>
        {canCopy && (
          <Button variant="default" leftSection={copied ? <IconCheck size={18} /> : <IconCopy size={18} />} onClick={() => void copy()}>
            {copied ? t('auth.enrol.copied') : t('auth.enrol.copy')}
          </Button>
        )}
        <Button variant="default" leftSection={<IconDownload size={18} />} onClick={download}>{t('auth.enrol.download')}</Button>
      </Group>
      <Button onClick={onSaved}>{t('auth.enrol.saved')}</Button>
    </Stack>
  );
}
