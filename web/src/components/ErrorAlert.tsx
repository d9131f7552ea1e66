import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { messageOf } from '../api/client.js';

/** The API's own message (already in the user's language), or nothing when there is no error. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle />} title={title} role="alert" data-testid="api-error">
      {messageOf(error)}
    </Alert>
  );
}
