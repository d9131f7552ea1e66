/**
 * The players of the cameras on screen, driven as one: one clock (the first camera with footage
 * sets it), the same play state and speed for all, and the others moved back into step when more
 * than 0.3 s apart.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { currentLang } from '../i18n/index.js';
import { type PlayerSnapshot, RecordedPlayer } from './recorded-player.js';
import { FRAME_S, JUMP_MS, type Speed, leaderIndex } from './sync.js';

export interface ViewingSource {
  get(): Promise<string>;
  refused(): void;
}

export interface GroupState {
  /** Wall time shown (the pace-setting camera's), or where the user asked to go while it loads. */
  clockMs: number | null;
  playing: boolean;
  speed: Speed;
  players: Record<number, PlayerSnapshot>;
}

const TICK_MS = 250;

export function usePlaybackGroup(order: readonly number[], baseMs: number, viewing: ViewingSource) {
  const players = useRef(new Map<number, RecordedPlayer>());
  const want = useRef({ playing: true, speed: 1 as Speed, askedMs: null as number | null });
  const orderRef = useRef(order);
  orderRef.current = order;
  const viewingRef = useRef(viewing);
  viewingRef.current = viewing;
  const [state, setState] = useState<GroupState>({ clockMs: null, playing: true, speed: 1, players: {} });

  const ordered = useCallback(() => orderRef.current.flatMap((id) => {
    const p = players.current.get(id);
    return p ? [p] : [];
  }), []);

  const leader = useCallback(() => {
    const list = ordered();
    return list[leaderIndex(list.map((p) => p.canLead()))] ?? null;
  }, [ordered]);

  const refresh = useCallback(() => {
    const snapshots: Record<number, PlayerSnapshot> = {};
    for (const [id, p] of players.current) snapshots[id] = p.snapshot();
    const lead = leader();
    setState({ clockMs: lead?.wallMs() ?? want.current.askedMs, playing: want.current.playing, speed: want.current.speed, players: snapshots });
  }, [leader]);

  const scheduled = useRef(false);
  const onChange = useCallback(() => {
    if (scheduled.current) return;
    scheduled.current = true;
    requestAnimationFrame(() => {
      scheduled.current = false;
      refresh();
    });
  }, [refresh]);

  /** A <video> for a camera appeared (or went: null). */
  const attach = useCallback((cameraId: number, video: HTMLVideoElement | null) => {
    players.current.get(cameraId)?.dispose();
    players.current.delete(cameraId);
    if (!video) return;
    const p = new RecordedPlayer(video, {
      cameraId, baseMs, lang: currentLang, now: Date.now, onChange,
      viewing: () => viewingRef.current.get(), viewingRefused: () => viewingRef.current.refused(),
    });
    p.setRate(want.current.speed);
    players.current.set(cameraId, p);
    // A camera added while something plays joins at the clock.
    const lead = leader();
    const at = lead?.wallMs() ?? null;
    if (at !== null) p.seek(at, { follower: true });
  }, [baseMs, onChange, leader]);

  // Another day: its players start afresh, nothing shown yet.
  useEffect(() => () => {
    for (const p of players.current.values()) p.dispose();
    players.current.clear();
    want.current.askedMs = null;
  }, [baseMs]);

  useEffect(() => {
    const timer = setInterval(() => {
      const list = ordered();
      for (const p of list) p.tick();
      const lead = leader();
      const clock = lead?.wallMs() ?? null;
      if (lead && clock !== null) {
        // The others wait while the one setting the pace waits for data.
        const moving = want.current.playing && lead.snapshot().phase === 'playing';
        for (const p of list) if (p !== lead) p.follow(clock, moving, want.current.speed);
      }
      refresh();
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [ordered, leader, refresh]);

  const seek = useCallback((ms: number) => {
    want.current.askedMs = ms;
    const list = ordered();
    list.forEach((p, i) => {
      p.seek(ms, { follower: i > 0 });
      if (want.current.playing) p.play();
    });
    refresh();
  }, [ordered, refresh]);

  const play = useCallback(() => {
    want.current.playing = true;
    for (const p of ordered()) p.play();
    refresh();
  }, [ordered, refresh]);

  const pause = useCallback(() => {
    want.current.playing = false;
    for (const p of ordered()) p.pause();
    refresh();
  }, [ordered, refresh]);

  const setSpeed = useCallback((speed: Speed) => {
    want.current.speed = speed;
    for (const p of ordered()) p.setRate(speed);
    refresh();
  }, [ordered, refresh]);

  /** One frame forward or back, paused: the leader steps, the others follow its clock. */
  const step = useCallback((frames: number) => {
    want.current.playing = false;
    const lead = leader();
    for (const p of ordered()) p.pause();
    lead?.step(frames * FRAME_S);
    const at = lead?.wallMs();
    if (at != null) for (const p of ordered()) if (p !== lead) p.seek(at, { follower: true });
    refresh();
  }, [leader, ordered, refresh]);

  const jump = useCallback((direction: 1 | -1) => {
    const at = leader()?.wallMs() ?? want.current.askedMs;
    if (at !== null) seek(at + direction * JUMP_MS);
  }, [leader, seek]);

  return useMemo(() => ({ state, attach, seek, play, pause, setSpeed, step, jump }), [state, attach, seek, play, pause, setSpeed, step, jump]);
}
