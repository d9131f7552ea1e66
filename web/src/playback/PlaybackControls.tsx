import { ActionIcon, Group, SegmentedControl, Tooltip } from '@mantine/core';
import { IconPlayerPauseFilled, IconPlayerPlayFilled, IconPlayerTrackNext, IconPlayerTrackPrev, IconRewindBackward10, IconRewindForward10 } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SPEEDS, type Speed } from './sync.js';

/** Play/pause, a frame back and forth, ±10 s, and the speed; they wrap on a phone. */
export function PlaybackControls({ playing, speed, disabled, onPlay, onPause, onStep, onJump, onSpeed }: {
  playing: boolean;
  speed: Speed;
  disabled: boolean;
  onPlay(): void;
  onPause(): void;
  onStep(frames: 1 | -1): void;
  onJump(direction: 1 | -1): void;
  onSpeed(speed: Speed): void;
}) {
  const { t } = useTranslation();
  const button = (label: string, icon: ReactNode, onClick: () => void, testId: string, primary = false) => (
    <Tooltip label={label} withArrow>
      <ActionIcon size={primary ? 48 : 40} radius="xl" variant={primary ? 'filled' : 'light'} aria-label={label} onClick={onClick} disabled={disabled} data-testid={testId}>
        {icon}
      </ActionIcon>
    </Tooltip>
  );
  return (
    <Group gap="xs" justify="center" wrap="wrap" data-testid="playback-controls">
      <Group gap={6} wrap="nowrap">
        {button(t('playback.controls.back10'), <IconRewindBackward10 size={22} />, () => onJump(-1), 'jump-back')}
        {button(t('playback.controls.frameBack'), <IconPlayerTrackPrev size={20} />, () => onStep(-1), 'frame-back')}
        {playing
          ? button(t('playback.controls.pause'), <IconPlayerPauseFilled size={24} />, onPause, 'pause', true)
          : button(t('playback.controls.play'), <IconPlayerPlayFilled size={24} />, onPlay, 'play', true)}
        {button(t('playback.controls.frameForward'), <IconPlayerTrackNext size={20} />, () => onStep(1), 'frame-forward')}
        {button(t('playback.controls.forward10'), <IconRewindForward10 size={22} />, () => onJump(1), 'jump-forward')}
      </Group>
      <SegmentedControl
        aria-label={t('playback.controls.speed')} size="sm" value={String(speed)} disabled={disabled}
        data={SPEEDS.map((s) => ({ value: String(s), label: `${String(s).replace('.', ',')}×` }))}
        onChange={(v) => onSpeed(Number(v) as Speed)} data-testid="speed"
      />
    </Group>
  );
}
