/** What the add-clip form starts with. */
export interface ClipPreset {
  cameraId: number | null;
  fromMs: number;
  toMs: number;
}

const MINUTE_MS = 60_000;

/**
 * The clip a case most likely wants: a minute either side of its incident on the incident's first
 * camera (never past now); without an incident, the minute before last (surely recorded by now).
 */
export function clipPreset(incident: { cameraIds: readonly number[]; occurredAtMs: number } | undefined, nowMs: number): ClipPreset {
  if (incident) return { cameraId: incident.cameraIds[0] ?? null, fromMs: incident.occurredAtMs - MINUTE_MS, toMs: Math.min(incident.occurredAtMs + MINUTE_MS, nowMs) };
  const toMs = nowMs - (nowMs % 1000) - MINUTE_MS;
  return { cameraId: null, fromMs: toMs - MINUTE_MS, toMs };
}
