import { describe, expect, it } from 'vitest';
import { clipArgv, clipListFile } from '../../src/ffmpeg/clip.js';
import { cameraInputFile, classifyFfmpegError, parseSegmentLine, recordArgv } from '../../src/ffmpeg/record.js';
import { redactUrl, splitCredentials, withCredentials } from '../../src/ffmpeg/redact.js';

describe('ffmpeg argv builders', () => {
  it('records by stream copy into 10 s fragmented MP4 segments, listing closed segments on stdout', () => {
    expect(recordArgv({ inputFile: '/run/cam-1.ffconcat', outputPattern: '/rec/1/.incoming/x-%06d.mp4' })).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'warning',
      '-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,rtsp,rtsps,rtp,srtp,tcp,udp,tls,crypto',
      '-i', '/run/cam-1.ffconcat',
      '-map', '0:v:0', '-c', 'copy',
      '-f', 'segment', '-segment_time', '10', '-segment_time_delta', '0.05', '-reset_timestamps', '1',
      '-segment_format', 'mp4',
      '-segment_format_options', 'movflags=+frag_keyframe+empty_moov+default_base_moof:flush_packets=1',
      '-segment_list', 'pipe:1', '-segment_list_type', 'csv',
      '/rec/1/.incoming/x-%06d.mp4',
    ]);
  });

  it('keeps the camera URL and its password off the command line', () => {
    const argv = recordArgv({ inputFile: '/run/cam-1.ffconcat', outputPattern: '/x-%06d.mp4' });
    expect(argv.join(' ')).not.toContain('rtsp://');
    const file = cameraInputFile("rtsp://admin:p'ss@10.0.0.5/ch1", 5);
    expect(file).toBe("ffconcat version 1.0\nfile 'rtsp://admin:p'\\''ss@10.0.0.5/ch1'\noption rtsp_transport tcp\noption timeout 5000000\n");
  });

  it('parses the segment list lines and rejects anything else', () => {
    expect(parseSegmentLine('x-000001.mp4,9.960000,19.960000')).toEqual({ file: 'x-000001.mp4', startSeconds: 9.96, endSeconds: 19.96 });
    expect(parseSegmentLine('"a,b.mp4",0.0,10.0')).toEqual({ file: 'a,b.mp4', startSeconds: 0, endSeconds: 10 });
    expect(parseSegmentLine('[segment @ 0x1] warning')).toBeNull();
    expect(parseSegmentLine('x.mp4,10,5')).toBeNull();
  });

  it('cuts a clip from segments with in and out points, without re-encoding', () => {
    expect(clipListFile([{ path: '/r/a.mp4', inpointSeconds: 3.5 }, { path: '/r/b.mp4' }, { path: "/r/c'.mp4", outpointSeconds: 4 }])).toBe(
      "ffconcat version 1.0\nfile '/r/a.mp4'\ninpoint 3.500\nfile '/r/b.mp4'\nfile '/r/c'\\''.mp4'\noutpoint 4.000\n",
    );
    expect(clipArgv('/t/list', '/t/out.mp4')).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', '/t/list',
      '-map', '0:v:0', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', '-y', '/t/out.mp4',
    ]);
  });

  it('explains ffmpeg failures in words a guard can act on', () => {
    expect(classifyFfmpegError('method DESCRIBE failed: 401 Unauthorized')?.code).toBe('camera.unauthorized');
    expect(classifyFfmpegError('Connection to tcp://1.2.3.4:554 failed: Connection refused')?.code).toBe('camera.refused');
    expect(classifyFfmpegError('method DESCRIBE failed: 404 Not Found')?.vi).toContain('đường dẫn RTSP');
    expect(classifyFfmpegError('spawn ffmpeg ENOENT')?.code).toBe('recorder.noFfmpeg');
    expect(classifyFfmpegError('all fine')).toBeNull();
  });
});

describe('camera credentials in URLs', () => {
  it('redacts user:password from every URL in a log line', () => {
    expect(redactUrl('open rtsp://admin:s3cret@10.0.0.5:554/a failed; rtsp://u@h/b')).toBe('open rtsp://***@10.0.0.5:554/a failed; rtsp://***@h/b');
  });

  it('splits credentials out of a typed URL and puts them back for ffmpeg only', () => {
    const s = splitCredentials('rtsp://admin:p%40ss@10.0.0.5:554/Streaming/Channels/101');
    expect(s).toEqual({ url: 'rtsp://10.0.0.5:554/Streaming/Channels/101', username: 'admin', password: 'p@ss' });
    expect(withCredentials(s.url, 'admin', 'p@ss:x')).toBe('rtsp://admin:p%40ss%3Ax@10.0.0.5:554/Streaming/Channels/101');
  });
});
