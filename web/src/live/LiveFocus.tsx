import { ActionIcon, Button, FocusTrap, Portal } from '@mantine/core';
import { IconMinimize } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraRow } from '../api/cameras.js';
import classes from './live.module.css';
import { LiveView } from './LiveView.js';
import { usePageVisible } from './use-live-stream.js';

/** A double-click's second click may land on the view it opened: not a request to leave. */
const SETTLE_MS = 600;

/** Ask the browser for full screen; the overlay covers the page either way (an iPhone has no Fullscreen API). */
export function enterFullscreen(): void {
  if (document.fullscreenElement || !document.documentElement.requestFullscreen) return;
  document.documentElement.requestFullscreen().catch(() => undefined);
}

/**
 * One camera's main stream over the whole screen. Leaves on Esc, on a double-click, with its button,
 * or when the browser leaves full screen (Esc in full screen reaches the browser, not the page).
 */
export function LiveFocus({ camera, onClose }: { camera: CameraRow; onClose(): void }) {
  const { t } = useTranslation();
  const pageVisible = usePageVisible();
  const openedAt = useRef(performance.now());
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
    };
    const onFullscreenChange = () => {
      if (!document.fullscreenElement) close.current();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreenChange);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreenChange);
      if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    };
  }, []);
  return (
    <Portal>
      <FocusTrap active>
        <div className={classes.focus} role="dialog" aria-modal="true" aria-label={camera.name} data-testid="live-focus">
          <LiveView
            camera={camera} stream="main" wanted={pageVisible}
            onDoubleClick={() => performance.now() - openedAt.current > SETTLE_MS && onClose()}
            action={(
              <>
                <Button size="compact-sm" variant="white" color="dark" leftSection={<IconMinimize size={16} />} onClick={onClose} visibleFrom="xs" data-autofocus>
                  {t('live.exitFull')}
                </Button>
                <ActionIcon variant="white" color="dark" aria-label={t('live.exitFull')} onClick={onClose} hiddenFrom="xs">
                  <IconMinimize size={18} />
                </ActionIcon>
              </>
            )}
          />
        </div>
      </FocusTrap>
    </Portal>
  );
}
