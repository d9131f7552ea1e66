import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import { useCameras } from '../api/cameras.js';
import { formatDateTime } from '../lib/time.js';
import { isoDay, vnDayStart } from '../playback/vn-time.js';
import { useRequestsT } from './i18n.js';

/** GET /api/me/grants (src/server/http/routes/grants.ts): what was granted to this user. */
interface MyGrant {
  id: number;
  cameraIds: number[];
  fromMs: number;
  toMs: number;
  validUntilMs: number;
  revokedAtMs: number | null;
  purpose: string;
}

/**
 * R4.2: a requester's overview says what they may see — which cameras, which footage, until
 * when — and opens playback on the right day. Nothing for those with no grant in force.
 */
export function MyGrantsCard() {
  const tr = useRequestsT();
  const grants = useQuery({ queryKey: ['me', 'grants'], queryFn: () => api<MyGrant[]>('GET', '/api/me/grants') });
  const active = (grants.data ?? []).filter((g) => g.revokedAtMs === null && g.validUntilMs > Date.now());
  const cameras = useCameras(active.length > 0);
  if (active.length === 0) return null;
  const name = (id: number) => cameras.data?.find((c) => c.id === id)?.name ?? `#${id}`;
  return (
    <Stack gap="sm" data-testid="my-grants">
      <Title order={2} fz={{ base: 18, sm: 22 }}>{tr('mine.title')}</Title>
      {active.map((g) => (
        <Card key={g.id} withBorder radius="md">
          <Stack gap={4}>
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>{g.purpose}</Text>
            <Text size="sm"><b>{tr('cameras')}:</b> {g.cameraIds.map(name).join(', ')}</Text>
            <Text size="sm"><b>{tr('range')}:</b> {formatDateTime(g.fromMs)} – {formatDateTime(g.toMs)}</Text>
            <Text size="sm"><b>{tr('validUntil')}:</b> {formatDateTime(g.validUntilMs)}</Text>
            <Group mt="xs">
              <Button component={Link} to={`/playback?cameras=${g.cameraIds.slice(0, 4).join(',')}&day=${isoDay(vnDayStart(g.fromMs))}`} leftSection={<IconHistory size={16} />} data-testid="my-grant-play">
                {tr('mine.play')}
              </Button>
            </Group>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
