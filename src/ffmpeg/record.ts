/**
 * ffmpeg argv for recording a camera: stream copy over RTSP/TCP into 10 s fragmented-MP4
 * segments (see ../shared/design/RECIPES.md). Pure: the recorder spawns `ffmpeg` with this argv.
 *
 * The camera URL, which may carry credentials, is never on the command line (where `ps` shows it
 * to every user): it goes into a mode-0600 ffconcat file that ffmpeg reads, built by
 * `cameraInputFile`.
 */

export interface RecordArgs {
  /** Path of the ffconcat file written by `cameraInputFile`. */
  inputFile: string;
  /** Output pattern, e.g. `<dir>/<run>-%06d.mp4`. */
  outputPattern: string;
  segmentSeconds?: number;
  /** RTSP socket timeout: without it a frozen camera can hang ffmpeg for an hour. */
  timeoutSeconds?: number;
}

export const INPUT_PROTOCOLS = 'file,rtsp,rtsps,rtp,srtp,tcp,udp,tls,crypto';

/** ffconcat text that opens the camera with our RTSP options. */
export function cameraInputFile(url: string, timeoutSeconds = 5): string {
  const quoted = url.replace(/\\/g, '\\\\').replace(/'/g, "'\\''");
  return [
    'ffconcat version 1.0',
    `file '${quoted}'`,
    'option rtsp_transport tcp',
    `option timeout ${Math.round(timeoutSeconds * 1_000_000)}`,
    '',
  ].join('\n');
}

export function recordArgv(a: RecordArgs): string[] {
  const segmentSeconds = a.segmentSeconds ?? 10;
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'warning',
    '-f', 'concat', '-safe', '0', '-protocol_whitelist', INPUT_PROTOCOLS,
    '-i', a.inputFile,
    // Video only: G.711 audio (common on cameras) is refused by the MP4 muxer and would stop recording.
    '-map', '0:v:0', '-c', 'copy',
    '-f', 'segment',
    '-segment_time', String(segmentSeconds),
    // Without the delta the first segment runs ~12 s (the first RTSP packet has no PTS).
    '-segment_time_delta', '0.05',
    '-reset_timestamps', '1',
    '-segment_format', 'mp4',
    // flush_packets: a SIGKILL loses at most the fragment in progress.
    '-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof:flush_packets=1',
    // One CSV line `file,start,end` on stdout each time a segment closes: the indexer's signal.
    '-segment_list', 'pipe:1', '-segment_list_type', 'csv',
    a.outputPattern,
  ];
}

export interface ClosedSegment {
  file: string;
  startSeconds: number;
  endSeconds: number;
}

/** Parse one line of the segment muxer's CSV list. */
export function parseSegmentLine(line: string): ClosedSegment | null {
  const m = /^(.*),(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)\s*$/.exec(line.trim());
  if (!m || !m[1]) return null;
  const file = m[1].replace(/^"|"$/g, '');
  const startSeconds = Number(m[2]);
  const endSeconds = Number(m[3]);
  if (!Number.isFinite(startSeconds) || !Number.isFinite(endSeconds) || endSeconds < startSeconds) return null;
  return { file, startSeconds, endSeconds };
}

/** Turn ffmpeg's stderr into a reason a person can act on (credentials already redacted). */
export function classifyFfmpegError(stderr: string): { code: string; vi: string; en: string } | null {
  const rules: Array<[RegExp, string, string, string]> = [
    [/spawn ffmpeg ENOENT/, 'recorder.noFfmpeg', 'Máy chủ chưa cài ffmpeg. Chạy scripts/setup.sh (hoặc apt-get install ffmpeg) rồi khởi động lại Vigil.', 'ffmpeg is not installed on the server. Run scripts/setup.sh (or apt-get install ffmpeg) and restart Vigil.'],
    [/401 Unauthorized/i, 'camera.unauthorized', 'Camera từ chối tên đăng nhập hoặc mật khẩu. Kiểm tra lại thông tin đăng nhập camera.', 'The camera refused the username or password. Check the camera credentials.'],
    [/404 Not Found/i, 'camera.notFound', 'Camera không có luồng ở đường dẫn này. Kiểm tra lại đường dẫn RTSP.', 'The camera has no stream at this path. Check the RTSP URL.'],
    [/Connection refused/i, 'camera.refused', 'Camera từ chối kết nối (có thể đang khởi động lại hoặc sai cổng).', 'The camera refused the connection (rebooting, or wrong port).'],
    [/timed out|Connection timed out|No route to host/i, 'camera.timeout', 'Không liên lạc được với camera (hết thời gian chờ). Kiểm tra nguồn điện và mạng của camera.', 'The camera did not answer (timed out). Check its power and network.'],
    [/Invalid data found|could not find codec parameters/i, 'camera.badStream', 'Luồng video của camera không đọc được. Kiểm tra cấu hình mã hóa của camera.', 'The camera stream could not be read. Check its encoder settings.'],
  ];
  for (const [re, code, vi, en] of rules) if (re.test(stderr)) return { code, vi, en };
  return null;
}
