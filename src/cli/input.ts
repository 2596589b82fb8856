/**
 * What the subcommands share to read their input and write their output: file reading with
 * errors that name the file, pose-track JSON validation, video/image → pose track through the
 * app's pose code (tfjs wasm, ffmpeg decoding), and output files checked before long work.
 */
import { access, constants, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { TrackFormatError, parsePoseTrack } from '../kinematics/index.ts';
import type { PoseTrack } from '../kinematics/types.ts';
import type { ModelId } from '../pose/models.ts';
import type { CliContext } from './context.ts';
import { CliError, inputError } from './errors.ts';

/** File extensions read as video (anything else is read as a pose-track JSON, or an image by `posture`). */
export const VIDEO_EXTENSIONS: readonly string[] = ['.mp4', '.m4v', '.mov', '.webm', '.mkv', '.avi'];

/** Why a file operation failed, in words. */
function ioReason(e: unknown, missing: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? missing : code === 'EACCES' ? 'permission denied' : (e as Error).message;
}

/** Size of an input file in bytes, checking it is a readable file; else an input error naming it (exit 2). */
export async function inputFileBytes(file: string): Promise<number> {
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw inputError(`${file}: is a directory, not a file`);
    await access(file, constants.R_OK);
    return st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw inputError(`${file}: cannot read (${ioReason(e, 'no such file')})`);
  }
}

/** Reads a whole input file; a missing, unreadable or directory path is an input error naming it (exit 2). */
export async function readInputBytes(file: string): Promise<Buffer> {
  await inputFileBytes(file);
  try {
    return await readFile(file);
  } catch (e) {
    throw inputError(`${file}: cannot read (${ioReason(e, 'no such file')})`);
  }
}

/** Reads and validates a pose-track JSON file; errors name the file and the field (exit 2). */
export async function readTrackFile(file: string): Promise<PoseTrack> {
  const bytes = await readInputBytes(file);
  if (bytes.length === 0) throw inputError(`${file}: is empty`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw inputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  try {
    return parsePoseTrack(json);
  } catch (e) {
    if (e instanceof TrackFormatError) throw inputError(`${file}: invalid pose track: ${e.message}`);
    throw e;
  }
}

/** Writes an output file; failure is an input error naming the file and `what` it is. */
export async function writeOutput(file: string, text: string, what: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (e) {
    throw inputError(`${file}: cannot write the ${what} (${ioReason(e, 'no such directory')})`);
  }
}

/** Writes a command's main output to `file` when given, else to stdout. */
export async function writeResult(text: string, file: string | undefined, what: string, ctx: CliContext): Promise<void> {
  if (file) await writeOutput(file, text, what);
  else ctx.stdout.write(text);
}

/** Fails early (before a long video analysis) when an output file's folder is missing or read-only. */
export async function checkWritable(file: string | undefined, what: string): Promise<void> {
  if (!file) return;
  const dir = dirname(resolve(file));
  try {
    await access(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(`${file}: cannot write the ${what} (${code === 'ENOENT' ? 'no such directory' : 'folder not writable'})`);
  }
}

/** Options of {@link trackFromMedia}. */
export interface MediaTrackOptions {
  /** Subcommand name, the prefix of progress lines. */
  command: string;
  model: ModelId;
  /** Subject height for the track, metres. */
  heightM?: number | null;
  /** Print frame progress with an ETA on stderr (a long video); off for a still image. */
  progress?: boolean;
}

/** Video or image → pose track through the app's pose code on tfjs wasm; warnings (and progress) on stderr. */
export async function trackFromMedia(file: string, opts: MediaTrackOptions, ctx: CliContext): Promise<PoseTrack> {
  // Only the size: a long video is not read into memory here (ffmpeg streams it).
  if ((await inputFileBytes(file)) === 0) throw inputError(`${file}: is empty (0 bytes), not a video or image`);
  const { probeVideo, videoToTrack } = await import('./video.ts');
  await probeVideo(file); // reject unreadable files before loading the model
  const { createNodePoseEstimator } = await import('../pose/node.ts');
  const { ModelLoadError } = await import('../pose/models.ts');
  ctx.log(`${opts.command}: loading pose model ${opts.model} (tfjs wasm)…`);
  const estimator = await createNodePoseEstimator(opts.model).catch((e: unknown) => {
    if (e instanceof ModelLoadError) throw inputError(`${e.message}. ${e.remedy}`);
    throw e;
  });
  const tty = Boolean(ctx.stderr.isTTY);
  let lastReport = -1;
  const onProgress = (done: number, total: number | null, elapsedS: number): void => {
    const fps = done / Math.max(elapsedS, 1e-3);
    // At most twice a second on a terminal, every 5 s in a log.
    const step = Math.floor(elapsedS / (tty ? 0.5 : 5));
    if (step === lastReport && done !== total) return;
    lastReport = step;
    const of = total ? `/${total} (${Math.round((100 * done) / total)}%)` : '';
    const eta = total ? `, ETA ${Math.max(0, Math.round((total - done) / fps))} s` : '';
    const line = `${opts.command}: frame ${done}${of}, ${fps.toFixed(1)} frames/s${eta}`;
    ctx.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };
  try {
    const { track, multiPersonFrames } = await videoToTrack(file, {
      estimator,
      modelId: opts.model,
      heightM: opts.heightM ?? null,
      onWarning: (m) => ctx.log(`warning: ${m}`),
      ...(opts.progress ? { onProgress } : {}),
    });
    if (opts.progress && tty) ctx.stderr.write('\n');
    if (multiPersonFrames > 0) ctx.log(`warning: more than one person in ${multiPersonFrames} frames; the most prominent one was used`);
    return track;
  } finally {
    estimator.dispose();
  }
}
