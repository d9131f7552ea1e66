import { useEffect } from 'react';
import type { usePlaybackGroup } from './use-playback-group.js';

/**
 * Keys a guard at a desk reaches for: space plays or pauses, ← → jump 10 s, , and . step a frame.
 * Not while typing, and not what the timeline already took (its arrows move the view).
 */
export function usePlaybackKeys({ group, enabled }: { group: ReturnType<typeof usePlaybackGroup>; enabled: boolean }): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(el.tagName))) return;
      const actions: Record<string, () => void> = {
        ' ': () => (group.state.playing ? group.pause() : group.play()),
        ArrowLeft: () => group.jump(-1),
        ArrowRight: () => group.jump(1),
        ',': () => group.step(-1),
        '.': () => group.step(1),
      };
      const act = actions[e.key];
      if (!act || group.state.clockMs === null) return;
      e.preventDefault();
      act();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [group, enabled]);
}
