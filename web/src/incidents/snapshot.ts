/** A snapshot is at most this wide: enough to see what happened, small enough to send from a guard's PC. */
export const SNAPSHOT_MAX_WIDTH = 1280;
export const SNAPSHOT_QUALITY = 0.8;

/** The size to draw a frame at: its own, or scaled down to `maxWidth` keeping its shape. */
export function snapshotSize(width: number, height: number, maxWidth = SNAPSHOT_MAX_WIDTH): { width: number; height: number } | null {
  if (width <= 0 || height <= 0) return null;
  if (width <= maxWidth) return { width, height };
  return { width: maxWidth, height: Math.round((height * maxWidth) / width) };
}

/** The frame a <video> shows now, as a JPEG data: URL; null when it shows none yet. */
export function takeSnapshot(video: HTMLVideoElement | null | undefined): string | null {
  if (!video || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return null;
  const size = snapshotSize(video.videoWidth, video.videoHeight);
  if (!size) return null;
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  try {
    ctx.drawImage(video, 0, 0, size.width, size.height);
    return canvas.toDataURL('image/jpeg', SNAPSHOT_QUALITY);
  } catch {
    // A picture the page may not read (it never should be: the video comes from our own server).
    return null;
  }
}
