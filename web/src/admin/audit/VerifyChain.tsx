import { Alert, Button, Stack } from '@mantine/core';
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { currentLang } from '../../i18n/index.js';
import { verifyAuditLog } from './api.js';

/** "Kiểm tra toàn vẹn": walk the hash chain and the signed checkpoints now, and say what was found. */
export function VerifyChain() {
  const { t } = useTranslation();
  const verify = useMutation({ mutationFn: verifyAuditLog });
  const r = verify.data;
  return (
    <Stack gap="xs">
      <Button variant="light" leftSection={<IconShieldCheck size={18} />} onClick={() => verify.mutate()} loading={verify.isPending} w="fit-content" data-testid="verify-button">
        {t('admin.audit.verify')}
      </Button>
      <ErrorAlert error={verify.error} />
      {r && !verify.isPending && (
        <Alert
          color={r.ok ? 'green' : 'red'} variant={r.ok ? 'light' : 'filled'} icon={r.ok ? <IconShieldCheck /> : <IconShieldX />}
          title={r.ok ? t('admin.audit.intact') : t('admin.audit.broken')} data-testid="verify-result" data-ok={String(r.ok)}
        >
          {r.message[currentLang()]}
        </Alert>
      )}
    </Stack>
  );
}
