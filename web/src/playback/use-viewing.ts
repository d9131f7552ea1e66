/**
 * R3.1: a session of viewing. The reason is asked once; its viewing id is reused for every window
 * played until it expires. A camera added to the screen joins with the same reason (the server
 * opens a viewing for the new set and audits it per camera); after expiry the reason is asked again.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/client.js';
import i18n from '../i18n/index.js';
import { openViewing } from './api.js';
import type { ReasonCode } from './reasons.js';

export interface Viewing {
  id: string;
  cameraIds: number[];
  expiresAt: number;
  reasonCode: ReasonCode;
  reasonText: string;
}

/** Not worth starting a window this close to the expiry: ask again instead. */
const EXPIRY_MARGIN_MS = 60_000;

const storageKey = (username: string) => `vigil.viewing.${username}`;

function load(username: string): Viewing | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(storageKey(username)) ?? 'null') as Viewing | null;
    return v && v.expiresAt > Date.now() + EXPIRY_MARGIN_MS ? v : null;
  } catch {
    return null;
  }
}

function store(username: string, v: Viewing | null): void {
  try {
    if (v) sessionStorage.setItem(storageKey(username), JSON.stringify(v));
    else sessionStorage.removeItem(storageKey(username));
  } catch {
    // Private mode: the viewing lasts for this page only.
  }
}

const live = (v: Viewing | null): v is Viewing => v !== null && v.expiresAt > Date.now() + EXPIRY_MARGIN_MS;
const covers = (v: Viewing, ids: readonly number[]) => ids.every((id) => v.cameraIds.includes(id));

interface Pending {
  promise: Promise<string>;
  resolve(id: string): void;
  reject(err: Error): void;
}

export function useViewing(username: string, cameraIds: readonly number[]) {
  const [viewing, setViewing] = useState<Viewing | null>(() => load(username));
  const [asking, setAsking] = useState(false);
  const latest = useRef({ viewing, cameraIds });
  latest.current = { viewing, cameraIds };
  const pending = useRef<Pending | null>(null);
  const extending = useRef<Promise<string> | null>(null);

  const keep = useCallback((v: Viewing | null) => {
    latest.current.viewing = v;
    setViewing(v);
    store(username, v);
  }, [username]);

  /** Open a viewing for the cameras on screen with this reason (the modal's answer, or the current reason). */
  const start = useCallback(async (reasonCode: ReasonCode, reasonText: string): Promise<string> => {
    const ids = [...latest.current.cameraIds];
    const answer = await openViewing(ids, reasonCode, reasonText);
    keep({ id: answer.id, cameraIds: answer.cameraIds, expiresAt: answer.expiresAt, reasonCode, reasonText: reasonText.trim() });
    return answer.id;
  }, [keep]);

  const ask = useCallback((): Promise<string> => {
    if (!pending.current) {
      let resolve: (id: string) => void = () => undefined;
      let reject: (err: Error) => void = () => undefined;
      const promise = new Promise<string>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      pending.current = { promise, resolve, reject };
    }
    setAsking(true);
    return pending.current.promise;
  }, []);

  /** The viewing id to play under: the current one, the same reason for more cameras, or the user's answer. */
  const get = useCallback(async (): Promise<string> => {
    const { viewing: v, cameraIds: ids } = latest.current;
    if (live(v) && covers(v, ids)) return v.id;
    if (live(v)) {
      extending.current ??= start(v.reasonCode, v.reasonText).finally(() => (extending.current = null));
      return extending.current;
    }
    return ask();
  }, [ask, start]);

  /** The modal's answer. Throws the server's refusal (shown in the modal). */
  const submit = useCallback(async (reasonCode: ReasonCode, reasonText: string) => {
    const id = await start(reasonCode, reasonText);
    setAsking(false);
    pending.current?.resolve(id);
    pending.current = null;
  }, [start]);

  const cancel = useCallback(() => {
    setAsking(false);
    pending.current?.reject(new ApiError(0, 'reason.required', i18n.t('playback.player.needReason')));
    pending.current = null;
  }, []);

  const refused = useCallback(() => keep(null), [keep]);

  // Cameras on screen and no viewing for them: ask at once (the timeline needs none, the video does).
  const needed = cameraIds.length > 0 && !(live(viewing) && covers(viewing, cameraIds));
  const canExtend = live(viewing);
  useEffect(() => {
    if (needed && !canExtend) void ask().catch(() => undefined);
  }, [needed, canExtend, ask]);

  return useMemo(() => ({ viewing: live(viewing) ? viewing : null, asking, get, submit, cancel, refused, change: ask }), [viewing, asking, get, submit, cancel, refused, ask]);
}
