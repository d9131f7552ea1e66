import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageTitle({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack gap={4} mb="md">
      <Title order={1} fz={{ base: 22, sm: 28 }}>{title}</Title>
      {children && <Text c="dimmed" size="sm">{children}</Text>}
    </Stack>
  );
}
