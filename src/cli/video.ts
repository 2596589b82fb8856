/**
 * Video → pose track in Node: ffprobe for the stream's geometry, ffmpeg (from PATH) decoding
 * to raw RGB frames streamed over a pipe (never the whole video in memory), each frame's
 * true presentation time from ffmpeg's showinfo filter, and the app's pose estimator
 * (src/pose) on tfjs wasm.
 */
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import type { PoseTrack } from '../kinematics/types.ts';
import type { EstimatedFrame, PoseEstimator, RawImage } from '../pose/estimator.ts';
import { TrackBuilder } from '../pose/track.ts';
import { inputError } from './errors.ts';

/** What ffprobe says about a video's first video stream. */
export interface VideoInfo {
  /** Display size (after rotation metadata), pixels. */
  widthPx: number;
  heightPx: number;
  codec: string;
  /** Nominal frame rate, frames per second (null if unknown). */
  fps: number | null;
  durationS: number | null;
  /** Container start time, seconds (subtracted so that `t` counts from the recording's start). */
  startS: number;
  /** Frame count from the container, when stated. */
  frameCount: number | null;
}

/** One decoded frame: `tS` = presentation time from the recording's start, `image` at the decode size. */
export interface DecodedFrame {
  index: number;
  tS: number;
  image: RawImage;
}

const FFMPEG_MISSING = (tool: string) =>
  inputError(`${tool} not found on PATH: install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) to analyse video files`);

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? FFMPEG_MISSING(cmd) : e));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The last meaningful line of an ffmpeg/ffprobe error output. */
function lastLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.includes('Parsed_showinfo'));
  return (lines[lines.length - 1] ?? 'no error message').replace(/^\[[^\]]*\]\s*/, '');
}

function parseRate(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const [n, d] = s.split('/').map(Number);
  if (!n || !Number.isFinite(n)) return null;
  const r = d ? n / d : n;
  return r > 0 && r < 1000 ? r : null;
}

/** Probes `file` with ffprobe; a file ffprobe cannot read, or one without a video stream, is an input error (exit 2). */
export async function probeVideo(file: string): Promise<VideoInfo> {
  const r = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_streams', '-show_format', '-of', 'json', file]);
  if (r.code !== 0) throw inputError(`${file}: not a readable video (${lastLine(r.stderr).replace(`${file}: `, "")})`);
  let json: { streams?: Record<string, unknown>[]; format?: Record<string, unknown> };
  try {
    json = JSON.parse(r.stdout) as typeof json;
  } catch {
    throw inputError(`${file}: not a readable video (ffprobe gave no stream information)`);
  }
  const s = json.streams?.[0];
  if (!s) throw inputError(`${file}: contains no video stream`);
  let w = Number(s.width);
  let h = Number(s.height);
  if (!(w > 0 && h > 0)) throw inputError(`${file}: video stream has no frame size (unsupported or corrupt)`);
  const sideData = (s.side_data_list as { rotation?: number }[] | undefined) ?? [];
  const rotation = Number(sideData.find((d) => d.rotation !== undefined)?.rotation ?? (s.tags as Record<string, string> | undefined)?.rotate ?? 0);
  if (Math.abs(rotation) % 180 === 90) [w, h] = [h, w];
  const fmtStart = Number(json.format?.start_time);
  const frames = Number(s.nb_frames);
  const dur = Number(s.duration ?? json.format?.duration);
  return {
    widthPx: w,
    heightPx: h,
    codec: String(s.codec_name ?? 'unknown'),
    fps: parseRate(s.avg_frame_rate) ?? parseRate(s.r_frame_rate),
    durationS: Number.isFinite(dur) ? dur : null,
    startS: Number.isFinite(fmtStart) ? fmtStart : 0,
    frameCount: Number.isFinite(frames) && frames > 0 ? frames : null,
  };
}

/**
 * Decodes `file` frame by frame as RGB at `width`×`height` (a scale of the display size),
 * yielding each frame with its presentation time. The next frame is read only when the
 * consumer asks for it (pipe back-pressure), so memory stays at about one frame.
 * A decoder failure before the first frame is an input error; a later one ends the
 * sequence and is reported through `onWarning`.
 */
export async function* decodeFrames(
  file: string,
  info: VideoInfo,
  size: { widthPx: number; heightPx: number },
  onWarning: (message: string) => void = () => {},
): AsyncGenerator<DecodedFrame> {
  const { widthPx: w, heightPx: h } = size;
  const args = [
    // showinfo logs at level info; -nostats keeps progress lines out of stderr.
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info', '-i', file,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-fps_mode', 'passthrough',
    // showinfo logs each frame's pts as it leaves the decoder, in output order.
    '-vf', `showinfo,scale=${w}:${h}:flags=area`,
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];
  const p = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let spawnError: NodeJS.ErrnoException | null = null;
  p.on('error', (e: NodeJS.ErrnoException) => (spawnError = e));
  const exited = new Promise<number | null>((resolve) => p.on('close', (code) => resolve(code)));

  const times: number[] = [];
  let errText = '';
  let pendingLine = '';
  let wake: (() => void) | null = null;
  let stderrEnded = false;
  p.stderr.setEncoding('utf8');
  p.stderr.on('data', (chunk: string) => {
    const lines = (pendingLine + chunk).split('\n');
    pendingLine = lines.pop() ?? '';
    for (const line of lines) {
      const m = line.includes('Parsed_showinfo') ? /\bpts_time:\s*(-?[\d.eE+-]+)/.exec(line) : null;
      if (m) times.push(Number(m[1]));
      else if (!line.includes('Parsed_showinfo')) errText += `${line}\n`;
    }
    wake?.();
  });
  p.stderr.on('end', () => {
    stderrEnded = true;
    wake?.();
  });
  const timeOf = async (i: number): Promise<number | null> => {
    while (times.length <= i && !stderrEnded) await new Promise<void>((r) => (wake = r));
    wake = null;
    return times[i] ?? null;
  };

  const frameBytes = w * h * 3;
  let buf = new Uint8Array(frameBytes);
  let filled = 0;
  let index = 0;
  let lastT = -Infinity;
  try {
    for await (const chunk of p.stdout as AsyncIterable<Buffer>) {
      let off = 0;
      while (off < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - off);
        buf.set(chunk.subarray(off, off + n), filled);
        filled += n;
        off += n;
        if (filled === frameBytes) {
          const pts = await timeOf(index);
          // Without a pts (should not happen) fall back to the nominal rate; keep t increasing.
          let tS = pts !== null ? pts - info.startS : index / (info.fps ?? 30);
          if (!(tS > lastT)) tS = lastT + 1e-6;
          lastT = tS;
          yield { index, tS: Math.max(0, Math.round(tS * 1e6) / 1e6), image: { data: buf, width: w, height: h } };
          index++;
          buf = new Uint8Array(frameBytes); // the consumer may still hold the previous one
          filled = 0;
        }
      }
    }
  } finally {
    if (p.exitCode === null) p.kill('SIGKILL');
  }
  const code = await exited;
  if (spawnError) throw (spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? FFMPEG_MISSING('ffmpeg') : spawnError;
  if (index === 0) throw inputError(`${file}: no frame could be decoded (${code !== 0 ? lastLine(errText) : 'empty video stream'})`);
  if (code !== 0) onWarning(`${basename(file)}: decoding stopped after ${index} frames (${lastLine(errText)}); analysing those`);
  else if (filled > 0) onWarning(`${basename(file)}: last frame incomplete, ignored`);
}

/** Options of videoToTrack. */
export interface VideoToTrackOptions {
  estimator: PoseEstimator;
  modelId: string;
  /** Longer side of the frames fed to the model (decoder downscales; keypoints stay in video pixels). Default 640. */
  maxSidePx?: number;
  heightM?: number | null;
  onProgress?: (done: number, total: number | null, elapsedS: number) => void;
  onWarning?: (message: string) => void;
}

/** Runs the pose estimator on every frame of `file`; returns the pose track (formats.md §1) in video pixels. */
export async function videoToTrack(file: string, options: VideoToTrackOptions): Promise<{ track: PoseTrack; info: VideoInfo; multiPersonFrames: number }> {
  const info = await probeVideo(file);
  const maxSide = options.maxSidePx ?? 640;
  const scale = Math.min(1, maxSide / Math.max(info.widthPx, info.heightPx));
  // Even sizes keep every decoder/scaler happy.
  const dw = Math.max(2, Math.round((info.widthPx * scale) / 2) * 2);
  const dh = Math.max(2, Math.round((info.heightPx * scale) / 2) * 2);
  const sx = info.widthPx / dw;
  const sy = info.heightPx / dh;
  const est = options.estimator;
  est.reset();
  const builder = new TrackBuilder({
    keypointSet: est.keypointSet,
    keypointNames: est.keypointNames,
    source: { kind: 'video', name: basename(file), model: options.modelId },
    image: { widthPx: info.widthPx, heightPx: info.heightPx },
    view: null,
    heightM: options.heightM ?? null,
  });
  const t0 = performance.now();
  let decoded = 0;
  for await (const f of decodeFrames(file, info, { widthPx: dw, heightPx: dh }, options.onWarning)) {
    decoded += 1;
    const frame: EstimatedFrame = await est.estimate(f.image, f.tS);
    for (const k of frame.keypoints) {
      if (k[0] !== null && k[1] !== null) {
        k[0] = Math.round(k[0] * sx * 100) / 100;
        k[1] = Math.round(k[1] * sy * 100) / 100;
      }
    }
    builder.add(frame);
    options.onProgress?.(f.index + 1, info.frameCount, (performance.now() - t0) / 1000);
  }
  if (builder.rejected > 0) options.onWarning?.(`${builder.rejected} frames had non-increasing timestamps and were dropped`);
  // ffmpeg exits 0 on a file whose frame data is cut short; the container's frame count tells.
  if (info.frameCount !== null && decoded < info.frameCount - Math.max(2, Math.ceil(0.01 * info.frameCount))) {
    options.onWarning?.(`${basename(file)} stopped early: only ${decoded} of ${info.frameCount} frames could be decoded (the file may be damaged or cut short)`);
  }
  return { track: builder.build(), info, multiPersonFrames: builder.multiPersonFrames };
}
