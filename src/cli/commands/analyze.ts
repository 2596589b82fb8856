/**
 * `gaitscope analyze INPUT` (formats.md §3): a pose-track JSON or a video → gait report JSON.
 */
import { Option, InvalidArgumentError, type Command } from 'commander';
import { access, constants, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { AnalysisImpossibleError, TrackFormatError, analyzeTrack, parsePoseTrack } from '../../kinematics/index.ts';
import type { GaitReport, PoseTrack, View } from '../../kinematics/types.ts';
import { assess } from '../../assessment/index.ts';
import { reportToCsv } from '../../report/csv.ts';
import { DEFAULT_MODEL, MODEL_IDS, type ModelId } from '../../pose/models.ts';
import type { CliContext } from '../context.ts';
import { CliError, impossibleError, inputError } from '../errors.ts';
import type { CommandModule } from './index.ts';

/** File extensions read as video (anything else is read as a pose-track JSON). */
export const VIDEO_EXTENSIONS: readonly string[] = ['.mp4', '.m4v', '.mov', '.webm', '.mkv', '.avi'];

/** Parsed options of `analyze`. */
export interface AnalyzeCliOptions {
  /** Given on the command line; undefined = the track's own view, else 'auto'. */
  view?: View | 'auto';
  heightM?: number;
  model: ModelId;
  out?: string;
  csv?: string;
  keypoints?: string;
}

function parseHeightM(v: string): number {
  const x = Number(v);
  if (!Number.isFinite(x) || x < 0.5 || x > 2.6) throw new InvalidArgumentError('must be a height in metres between 0.5 and 2.6 (e.g. 1.70).');
  return x;
}

async function readInputBytes(file: string): Promise<Buffer> {
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw inputError(`${file}: is a directory, not a file`);
    return await readFile(file);
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message})`);
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

async function writeOutput(file: string, text: string, what: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(`${file}: cannot write the ${what} (${code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message})`);
  }
}

/** Fails early (before a long video analysis) when an output file's folder is missing or read-only. */
async function checkWritable(file: string | undefined, what: string): Promise<void> {
  if (!file) return;
  const dir = dirname(resolve(file));
  try {
    await access(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(`${file}: cannot write the ${what} (${code === 'ENOENT' ? 'no such directory' : 'folder not writable'})`);
  }
}

/** Video → pose track through the app's pose code on tfjs wasm; progress on stderr. */
async function trackFromVideo(file: string, opts: AnalyzeCliOptions, ctx: CliContext): Promise<PoseTrack> {
  await readInputBytes(file).then((b) => {
    if (b.length === 0) throw inputError(`${file}: is empty (0 bytes), not a video`);
  });
  const { probeVideo, videoToTrack } = await import('../video.ts');
  await probeVideo(file); // reject unreadable videos before loading the model
  const { createNodePoseEstimator } = await import('../../pose/node.ts');
  const { ModelLoadError } = await import('../../pose/models.ts');
  ctx.log(`analyze: loading pose model ${opts.model} (tfjs wasm)…`);
  const estimator = await createNodePoseEstimator(opts.model).catch((e: unknown) => {
    if (e instanceof ModelLoadError) throw inputError(`${e.message}. ${e.remedy}`);
    throw e;
  });
  const tty = Boolean(ctx.stderr.isTTY);
  let lastReport = -1;
  try {
    const { track, multiPersonFrames } = await videoToTrack(file, {
      estimator,
      modelId: opts.model,
      heightM: opts.heightM ?? null,
      onWarning: (m) => ctx.log(`warning: ${m}`),
      onProgress: (done, total, elapsedS) => {
        const fps = done / Math.max(elapsedS, 1e-3);
        const step = Math.floor(elapsedS / (tty ? 0.5 : 5));
        if (step === lastReport && done !== total) return;
        lastReport = step;
        const of = total ? `/${total} (${Math.round((100 * done) / total)}%)` : '';
        const eta = total ? `, ETA ${Math.max(0, Math.round((total - done) / fps))} s` : '';
        const line = `analyze: frame ${done}${of}, ${fps.toFixed(1)} frames/s${eta}`;
        ctx.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      },
    });
    if (tty) ctx.stderr.write('\n');
    if (multiPersonFrames > 0) ctx.log(`warning: more than one person in ${multiPersonFrames} frames; the most prominent one was analysed`);
    return track;
  } finally {
    estimator.dispose();
  }
}

/** Runs `analyze` and returns the report it wrote. */
export async function runAnalyze(input: string, opts: AnalyzeCliOptions, ctx: CliContext): Promise<GaitReport> {
  await checkWritable(opts.out, 'report');
  await checkWritable(opts.csv, 'CSV');
  await checkWritable(opts.keypoints, 'pose track');
  const isVideo = VIDEO_EXTENSIONS.includes(extname(input).toLowerCase());
  const track = isVideo ? await trackFromVideo(input, opts, ctx) : await readTrackFile(input);
  if (opts.keypoints) await writeOutput(opts.keypoints, `${JSON.stringify(track)}\n`, 'pose track');
  const withPerson = track.frames.filter((f) => f.keypoints.some((k) => k[0] !== null)).length;
  if (withPerson === 0) throw impossibleError(`no person found in ${input} (${track.frames.length} frames, none with a pose)`);

  const heightM = opts.heightM ?? track.subject?.heightM ?? null;
  let report: GaitReport;
  try {
    report = analyzeTrack(track, { view: opts.view ?? track.view ?? 'auto', heightM });
  } catch (e) {
    if (e instanceof AnalysisImpossibleError) throw impossibleError(`${input}: analysis impossible: ${e.message}`);
    if (e instanceof TrackFormatError) throw inputError(`${input}: invalid pose track: ${e.message}`);
    throw e;
  }
  const { flags, exercises } = assess(report);
  report = { ...report, flags, exercises };
  for (const w of report.quality.warnings) ctx.log(`warning: ${w}`);

  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (opts.csv) await writeOutput(opts.csv, reportToCsv(report), 'CSV');
  if (opts.out) await writeOutput(opts.out, json, 'report');
  else ctx.stdout.write(json);
  return report;
}

/** The `analyze` subcommand. */
export const analyzeCommand: CommandModule = {
  name: 'analyze',
  register(program: Command, ctx: CliContext) {
    program
      .command('analyze')
      .description('Analyse a walking trial: a pose-track JSON (gaitscope.pose-track) or a video (mp4/webm/mov). Report JSON on stdout unless --out.')
      .argument('<INPUT>', 'pose-track JSON or video file')
      .addOption(new Option('--view <view>', 'camera view').choices(['sagittal', 'frontal', 'auto']).default('auto'))
      .addOption(new Option('--height-m <metres>', "subject's height in metres (adds lengths in metres)").argParser(parseHeightM))
      .addOption(new Option('--model <model>', 'pose model for video input').choices([...MODEL_IDS]).default(DEFAULT_MODEL))
      .option('--out <file>', 'write the report JSON here instead of stdout')
      .option('--csv <file>', 'also write the metrics as CSV')
      .option('--keypoints <file>', 'also write the pose track that was analysed (gaitscope.pose-track JSON)')
      .action(async (input: string, raw: Record<string, unknown>, cmd: Command) => {
        const opts: AnalyzeCliOptions = {
          view: cmd.getOptionValueSource('view') === 'cli' ? (raw.view as AnalyzeCliOptions['view']) : undefined,
          heightM: raw.heightM as number | undefined,
          model: raw.model as ModelId,
          out: raw.out as string | undefined,
          csv: raw.csv as string | undefined,
          keypoints: raw.keypoints as string | undefined,
        };
        await runAnalyze(input, opts, ctx);
      });
  },
};
