import { type ChildProcess, spawn } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';
import { findBox, mseCodecString } from '../../ffmpeg/live.js';

/** A fragmented MP4 coming out of ffmpeg, once its init segment is there. */
export interface Fmp4Stream {
  /** The MSE codec string of the video, read from the init segment (`avc1.42c01f`). */
  codec: string;
  /** The whole stream from its first byte (the init segment), paced by whoever reads it. */
  body: Readable;
  /** Stop ffmpeg (the viewer went away); harmless once it has exited. */
  stop(): void;
  /** Resolves when ffmpeg has exited. */
  exited: Promise<void>;
}

export class Fmp4StreamError extends Error {}

/** A moov larger than this is not a recording's: stop looking for the init segment. */
const MAX_INIT_BYTES = 1024 * 1024;

/**
 * Spawn ffmpeg with `argv` (never a secret on it), give it `stdin`, and wait until its output's
 * init segment (ftyp + moov) is complete, so that the HTTP answer can name the codec and errors
 * found while opening the files still become an error answer rather than a broken video.
 */
export function startFmp4Stream(ffmpegPath: string, argv: string[], stdin: string, o: { initTimeoutMs: number; stopTimeoutMs: number; idleTimeoutMs: number }): Promise<Fmp4Stream> {
  const child = spawn(ffmpegPath, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderrTail = '';
  child.stderr.on('data', (d: Buffer) => (stderrTail = (stderrTail + d.toString()).slice(-2000)));
  const exited = new Promise<void>((res) => child.once('close', () => res()));
  const stop = stopper(child, exited, o.stopTimeoutMs);
  child.stdin.on('error', () => undefined); // ffmpeg may exit before reading its list: its exit says why
  child.stdin.end(stdin);
  return new Promise<Fmp4Stream>((resolve, reject) => {
    const head: Buffer[] = [];
    let headBytes = 0;
    const fail = (why: string) => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      stop();
      reject(new Fmp4StreamError(why));
    };
    const timer = setTimeout(() => fail(`ffmpeg wrote no init segment in ${o.initTimeoutMs} ms: ${stderrTail.trim()}`), o.initTimeoutMs);
    const onData = (chunk: Buffer) => {
      head.push(chunk);
      headBytes += chunk.length;
      const buf = Buffer.concat(head, headBytes);
      const moov = findBox(buf, ['moov']);
      if (!moov) {
        if (headBytes > MAX_INIT_BYTES) fail('no init segment in the first megabyte of ffmpeg output');
        return;
      }
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('close', onEarlyExit);
      const codec = mseCodecString(buf.subarray(0, moov.end));
      if (!codec) return fail('ffmpeg output is not H.264');
      child.stdout.pause();
      const body = new PassThrough();
      body.write(buf);
      child.stdout.pipe(body);
      // The reader went away (client aborted): ffmpeg has nobody left to write for.
      body.once('close', stop);
      stopWhenIdle(child, exited, stop, o.idleTimeoutMs);
      resolve({ codec, body, stop, exited });
    };
    const onEarlyExit = (code: number | null) => fail(`ffmpeg exited (${code}) before its init segment: ${stderrTail.trim()}`);
    child.stdout.on('data', onData);
    child.once('close', onEarlyExit);
    child.once('error', (err) => fail(String(err)));
  });
}

/** SIGTERM, then SIGKILL if ffmpeg is still there after `timeoutMs` (STYLE: stop ffmpeg safely). */
function stopper(child: ChildProcess, exited: Promise<void>, timeoutMs: number): () => void {
  let done = false;
  void exited.then(() => (done = true));
  let asked = false;
  return () => {
    if (done || asked || child.exitCode !== null || child.signalCode !== null) return;
    asked = true;
    child.kill('SIGTERM');
    const t = setTimeout(() => {
      if (!done) child.kill('SIGKILL');
    }, timeoutMs);
    t.unref();
    void exited.then(() => clearTimeout(t));
  };
}

/**
 * A reader that holds the stream but takes nothing for this long (a tab left paused overnight)
 * does not keep an ffmpeg waiting forever; the player asks again from where it stopped.
 */
function stopWhenIdle(child: ChildProcess, exited: Promise<void>, stop: () => void, idleMs: number): void {
  let lastMs = Date.now();
  child.stdout?.on('data', () => (lastMs = Date.now()));
  const timer = setInterval(() => {
    if (Date.now() - lastMs > idleMs) stop();
  }, Math.min(idleMs, 60_000));
  timer.unref();
  void exited.then(() => clearInterval(timer));
}
