import { type RefObject, useEffect, useState, useSyncExternalStore } from 'react';
import { currentLang } from '../i18n/index.js';
import { IDLE, LivePlayer, type LiveStream, type PlayerSnapshot } from './live-player.js';

/**
 * Stop a stream this long after it leaves the screen (scrolled away, tab hidden, covered by the
 * full-screen view): a quick scroll or a glance at another tab does not restart it.
 */
const PAUSE_AFTER_MS = 3000;

/**
 * A camera's live stream in `video` while `wanted`; closed (not merely paused) otherwise and on
 * unmount, so the server stops the upstream when nobody watches and audits the end.
 */
export function useLiveStream(video: RefObject<HTMLVideoElement | null>, cameraId: number, stream: LiveStream, wanted: boolean): PlayerSnapshot {
  const running = useLagging(wanted, PAUSE_AFTER_MS);
  const [snapshot, setSnapshot] = useState<PlayerSnapshot>(IDLE);
  useEffect(() => {
    const el = video.current;
    if (!running || !el) return;
    const player = new LivePlayer({ cameraId, stream, video: el, lang: currentLang(), onChange: setSnapshot });
    player.start();
    return () => player.stop();
  }, [video, cameraId, stream, running]);
  return snapshot;
}

/** `value` turning true at once, and false only once it has stayed false for `delayMs`. */
function useLagging(value: boolean, delayMs: number): boolean {
  const [lagging, setLagging] = useState(value);
  useEffect(() => {
    if (value) return setLagging(true);
    const t = setTimeout(() => setLagging(false), delayMs);
    return () => clearTimeout(t);
  }, [value, delayMs]);
  return value || lagging;
}

const subscribeVisibility = (onChange: () => void) => {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
};

/** Whether the tab is shown (a guard's wall in a background tab needs no streams). */
export const usePageVisible = (): boolean => useSyncExternalStore(subscribeVisibility, () => document.visibilityState === 'visible');
