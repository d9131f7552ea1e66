import { Badge, Box, Button, Loader, Stack, Text, Tooltip } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlayerSnapshot } from './recorded-player.js';
import { formatVnClock } from './vn-time.js';

/** One camera's recorded video, its name, and what it is doing when it is not simply playing. */
export function PlayerTile({ cameraId, name, snapshot, attach, needReason, onGiveReason }: {
  cameraId: number;
  name: string;
  snapshot: PlayerSnapshot | undefined;
  attach(cameraId: number, video: HTMLVideoElement | null): void;
  needReason: boolean;
  onGiveReason(): void;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    attach(cameraId, video.current);
    return () => attach(cameraId, null);
  }, [cameraId, attach]);
  const phase = snapshot?.phase ?? 'idle';
  return (
    <Box
      pos="relative" bg="black" style={{ aspectRatio: '16 / 9', borderRadius: 8, overflow: 'hidden' }}
      data-testid="playback-tile" data-camera-id={cameraId} data-phase={phase}
    >
      <video ref={video} muted playsInline aria-label={name} style={{ width: '100%', height: '100%', objectFit: 'contain', display: 'block' }} data-testid="playback-video" />
      <Badge pos="absolute" top={8} left={8} color="dark" variant="filled" tt="none" maw="70%" style={{ opacity: 0.85 }}>{name}</Badge>
      {snapshot?.transcoded && (
        <Tooltip label={t('playback.player.transcodedHint')} multiline w={280} events={{ hover: true, focus: true, touch: true }}>
          <Badge pos="absolute" top={8} right={8} color="yellow" variant="filled" tt="none" tabIndex={0} data-testid="transcoded-badge">
            {t('playback.player.transcoded')}
          </Badge>
        </Tooltip>
      )}
      <Overlay phase={phase} snapshot={snapshot} needReason={needReason} onGiveReason={onGiveReason} />
    </Box>
  );
}

function Overlay({ phase, snapshot, needReason, onGiveReason }: { phase: PlayerSnapshot['phase']; snapshot: PlayerSnapshot | undefined; needReason: boolean; onGiveReason(): void }) {
  const { t } = useTranslation();
  if (phase === 'playing' || phase === 'paused') return null;
  const centre = (children: ReactNode) => (
    <Stack pos="absolute" inset={0} align="center" justify="center" gap="xs" p="sm" style={{ background: phase === 'loading' ? 'transparent' : 'rgba(0,0,0,0.55)', textAlign: 'center' }}>
      {children}
    </Stack>
  );
  if (phase === 'loading') return centre(<Loader color="white" size="md" aria-label={t('playback.player.loading')} />);
  if (needReason && (phase === 'idle' || phase === 'error')) {
    return centre(<>
      <Text c="white" size="sm">{t('playback.player.needReason')}</Text>
      <Button size="xs" onClick={onGiveReason}>{t('playback.player.giveReason')}</Button>
    </>);
  }
  const text = {
    idle: t('playback.player.idle'),
    noFootage: t('playback.player.noFootage'),
    waitingFootage: snapshot?.resumesAtMs ? t('playback.player.resumesAt', { time: formatVnClock(snapshot.resumesAtMs) }) : t('playback.player.noFootage'),
    ended: t('playback.player.ended'),
    error: snapshot?.message || t('playback.player.error'),
  }[phase];
  return centre(<Text c="white" size="sm" maw={360}>{text}</Text>);
}
