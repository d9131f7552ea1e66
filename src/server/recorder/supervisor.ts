import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import {
  type SupervisorEffect,
  type SupervisorEvent,
  type SupervisorState,
  initialSupervisorState,
  nextSupervisorState,
} from '../../domain/supervisor-state.js';
import { cameraInputFile, classifyFfmpegError, parseSegmentLine, recordArgv } from '../../ffmpeg/record.js';
import { redactUrl } from '../../ffmpeg/redact.js';
import type { SegmentRepository } from '../repositories/segments.js';
import { type SegmentIndexer, incomingDir } from './indexer.js';

export interface SupervisorOptions {
  cameraId: number;
  /** The camera URL with credentials: written only to a mode-0600 file, never logged. */
  secretUrl: string;
  recordingsDir: string;
  runDir: string;
  segmentSeconds: number;
  watchdogSeconds: number;
  backoffMs?: readonly number[];
  ffmpegPath?: string;
}

export interface SupervisorDeps {
  indexer: SegmentIndexer;
  segments: SegmentRepository;
  log: Logger;
  now: () => number;
}

const LIVENESS_CHECK_MS = 2000;

interface Run {
  generation: number;
  name: string;
  child: ChildProcess;
  /** Wall-clock time of stream time 0, measured from the first closed segment. */
  anchorMs: number | null;
  lastEndMs: number | null;
  committed: Set<string>;
  sawBytes: boolean;
  /** Segments ffmpeg has closed in this run: the file being written is number `closedCount`. */
  closedCount: number;
  progressSeen: number;
  lastGrowthMs: number;
  stderrTail: string;
  commits: Promise<void>;
  exited: Promise<void>;
}

/**
 * One camera's recorder: spawns ffmpeg, turns its closing lines into indexed segments, restarts it
 * on any exit with stepped backoff, and kills it when no new bytes arrive (watchdog).
 */
export class CameraSupervisor {
  private state: SupervisorState;
  private run: Run | null = null;
  private effects: Promise<void> = Promise.resolve();
  private timers = new Set<NodeJS.Timeout>();
  private watchdog: NodeJS.Timeout | null = null;
  lastError: { code: string; vi: string; en: string } | null = null;
  lastSegmentAtMs: number | null = null;

  constructor(
    private readonly opts: SupervisorOptions,
    private readonly deps: SupervisorDeps,
  ) {
    this.state = initialSupervisorState(deps.now());
  }

  get snapshot(): SupervisorState {
    return this.state;
  }

  start(): void {
    this.dispatch({ type: 'start' });
    this.watchdog = setInterval(() => void this.checkLiveness(), LIVENESS_CHECK_MS);
  }

  /** Stop gracefully: SIGINT lets ffmpeg close the current segment, which is then indexed. */
  async stop(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.dispatch({ type: 'stop' });
    // A spawn queued before the stop runs first; then the kill reaches that newest run.
    await this.effects;
    if (this.run) await this.run.exited;
    await this.effects;
  }

  private dispatch(event: SupervisorEvent): void {
    const { state, effects } = nextSupervisorState(this.state, event, this.deps.now(), this.opts.backoffMs);
    this.state = state;
    for (const effect of effects) {
      this.effects = this.effects.then(() => this.perform(effect)).catch((err: unknown) => {
        this.deps.log.error({ cameraId: this.opts.cameraId, err: redactUrl(String(err)) }, 'recorder effect failed');
      });
    }
  }

  private async perform(effect: SupervisorEffect): Promise<void> {
    switch (effect.type) {
      case 'spawn':
        return this.spawn(effect.generation);
      case 'kill':
        return this.kill(effect.generation, effect.signal);
      case 'schedule': {
        const t = setTimeout(() => {
          this.timers.delete(t);
          this.dispatch({ type: 'backoffElapsed', generation: effect.generation });
        }, effect.delayMs);
        this.timers.add(t);
        return;
      }
      case 'openGap': {
        const latest = await this.deps.segments.latest(this.opts.cameraId);
        const from = Math.max(latest?.endMs ?? 0, this.run?.lastEndMs ?? 0) || this.deps.now();
        return this.deps.segments.openGap(this.opts.cameraId, from, effect.reason);
      }
      case 'salvage':
        return this.salvage(effect.generation);
    }
  }

  private async spawn(generation: number): Promise<void> {
    const { cameraId, runDir, recordingsDir } = this.opts;
    const incoming = incomingDir(recordingsDir, cameraId);
    await mkdir(incoming, { recursive: true });
    await mkdir(runDir, { recursive: true, mode: 0o700 });
    const inputFile = join(runDir, `camera-${cameraId}.ffconcat`);
    await writeFile(inputFile, cameraInputFile(this.opts.secretUrl), { mode: 0o600 });
    const name = `${this.deps.now()}-g${generation}`;
    const argv = recordArgv({
      inputFile,
      outputPattern: join(incoming, `${name}-%06d.mp4`),
      segmentSeconds: this.opts.segmentSeconds,
    });
    const child = spawn(this.opts.ffmpegPath ?? 'ffmpeg', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let resolveExit: () => void = () => undefined;
    const run: Run = {
      generation, name, child, anchorMs: null, lastEndMs: null, committed: new Set(), sawBytes: false,
      closedCount: 0, progressSeen: 0, lastGrowthMs: this.deps.now(), stderrTail: '', commits: Promise.resolve(),
      exited: new Promise((r) => (resolveExit = r)),
    };
    this.run = run;
    createInterface({ input: child.stdout }).on('line', (line) => this.onSegmentLine(run, line));
    child.stderr.on('data', (chunk: Buffer) => {
      run.stderrTail = (run.stderrTail + redactUrl(chunk.toString('utf8'))).slice(-4000);
    });
    child.on('error', (err) => {
      run.stderrTail += `\n${err.message}`;
    });
    child.on('close', (code, signal) => {
      void run.commits.then(() => {
        const reason = classifyFfmpegError(run.stderrTail);
        if (!run.sawBytes && reason) this.lastError = reason;
        this.deps.log.info({ cameraId, generation, code, signal, reason: reason?.code }, 'ffmpeg exited');
        this.dispatch({ type: 'exited', generation, code, signal, sawBytes: run.sawBytes });
        resolveExit();
      });
    });
  }

  private onSegmentLine(run: Run, line: string): void {
    const closed = parseSegmentLine(line);
    if (!closed) return;
    const observedMs = this.deps.now();
    // Closing a segment is triggered by the next keyframe arriving live, so the close time
    // minus the stream position is the wall-clock time of stream time 0.
    run.anchorMs ??= observedMs - closed.endSeconds * 1000;
    const startMs = run.anchorMs + closed.startSeconds * 1000;
    const endMs = run.anchorMs + closed.endSeconds * 1000;
    const file = basename(closed.file);
    run.closedCount += 1;
    run.commits = run.commits.then(async () => {
      try {
        const result = await this.deps.indexer.commit(this.opts.cameraId, join(incomingDir(this.opts.recordingsDir, this.opts.cameraId), file), startMs, endMs);
        run.committed.add(file);
        run.lastEndMs = endMs;
        if (result === 'indexed') {
          this.lastSegmentAtMs = observedMs;
          this.lastError = null;
          this.dispatch({ type: 'segmentClosed', generation: run.generation });
        }
      } catch (err) {
        this.deps.log.error({ cameraId: this.opts.cameraId, file, err: String(err) }, 'segment commit failed; the reconciler will retry');
      }
    });
  }

  private kill(generation: number, signal: 'SIGINT' | 'SIGKILL'): void {
    const run = this.run;
    if (!run || run.generation !== generation || run.child.exitCode !== null) return;
    run.child.kill(signal);
    if (signal === 'SIGINT') {
      const escalate = (sig: NodeJS.Signals, ms: number) => {
        const t = setTimeout(() => run.child.exitCode === null && run.child.signalCode === null && run.child.kill(sig), ms);
        void run.exited.then(() => clearTimeout(t));
      };
      escalate('SIGTERM', 5000);
      escalate('SIGKILL', 10_000);
    }
  }

  /** Index what a run left without a closing line (killed, or crashed mid-segment). */
  private async salvage(generation: number): Promise<void> {
    const run = this.run;
    if (!run || run.generation !== generation) return;
    const dir = incomingDir(this.opts.recordingsDir, this.opts.cameraId);
    const files = (await readdir(dir)).filter((f) => f.startsWith(`${run.name}-`) && !run.committed.has(f)).sort();
    for (const file of files) {
      const result = await this.deps.indexer.salvage(this.opts.cameraId, join(dir, file), run.lastEndMs);
      run.committed.add(file);
      if (result === 'indexed') this.deps.log.info({ cameraId: this.opts.cameraId, file }, 'salvaged an unclosed segment');
    }
  }

  /** Liveness by output (Frigate): the run's files must keep growing. */
  private async checkLiveness(): Promise<void> {
    const run = this.run;
    if (!run || run.child.exitCode !== null || run.child.signalCode !== null) return;
    if (this.state.phase !== 'starting' && this.state.phase !== 'recording') return;
    // One stat of the file being written (ffmpeg numbers them), not a scan of the folder.
    const current = join(incomingDir(this.opts.recordingsDir, this.opts.cameraId), `${run.name}-${String(run.closedCount).padStart(6, '0')}.mp4`);
    const size = (await stat(current).catch(() => null))?.size ?? 0;
    const progress = run.closedCount * 2 ** 40 + size;
    const now = this.deps.now();
    if (progress !== run.progressSeen) {
      run.progressSeen = progress;
      run.lastGrowthMs = now;
      if (!run.sawBytes && (size > 4096 || run.closedCount > 0)) {
        run.sawBytes = true;
        this.dispatch({ type: 'bytes', generation: run.generation });
      }
      return;
    }
    if (now - run.lastGrowthMs > this.opts.watchdogSeconds * 1000) {
      this.deps.log.warn({ cameraId: this.opts.cameraId, generation: run.generation }, 'no new bytes: watchdog restarts ffmpeg');
      this.dispatch({ type: 'watchdog', generation: run.generation });
    }
  }
}
