import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { serverFieldErrors } from './form-errors.js';

/**
 * Above a form: when the server's messages went under their fields, only "fix the marked fields"
 * (its own message repeats them with the API's field names); otherwise its message.
 */
export function FormError({ error, fieldOfCode }: { error: unknown; fieldOfCode?: Record<string, string> | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (Object.keys(serverFieldErrors(error, fieldOfCode)).length === 0) return <ErrorAlert error={error} />;
  return <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" data-testid="form-error">{t('admin.form.fixFields')}</Alert>;
}
