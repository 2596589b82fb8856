/**
 * `gaitscope analyze INPUT` (formats.md §3): a pose-track JSON or a video → gait report JSON.
 */
import { Option, InvalidArgumentError, type Command } from 'commander';
import { extname } from 'node:path';
import { AnalysisImpossibleError, TrackFormatError, analyzeTrack } from '../../kinematics/index.ts';
import type { GaitReport, View } from '../../kinematics/types.ts';
import { assess } from '../../assessment/index.ts';
import { reportToCsv } from '../../report/csv.ts';
import { DEFAULT_MODEL, MODEL_IDS, type ModelId } from '../../pose/models.ts';
import type { CliContext } from '../context.ts';
import { impossibleError, inputError } from '../errors.ts';
import { checkWritable, readTrackFile, trackFromMedia, VIDEO_EXTENSIONS, writeOutput, writeResult } from '../input.ts';
import type { CommandModule } from './index.ts';

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

/** Runs `analyze` and returns the report it wrote. */
export async function runAnalyze(input: string, opts: AnalyzeCliOptions, ctx: CliContext): Promise<GaitReport> {
  await checkWritable(opts.out, 'report');
  await checkWritable(opts.csv, 'CSV');
  await checkWritable(opts.keypoints, 'pose track');
  const isVideo = VIDEO_EXTENSIONS.includes(extname(input).toLowerCase());
  const track = isVideo ? await trackFromMedia(input, { command: 'analyze', model: opts.model, heightM: opts.heightM ?? null, progress: true }, ctx) : await readTrackFile(input);
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
  // Several people in view: the pose model followed the most prominent one (TrackBuilder counts the frames).
  const multi = track.extra?.['multiPersonFrames'];
  if (typeof multi === 'number' && multi > 0) {
    const w = `more than one person in ${multi} of ${track.frames.length} frames: the most prominent one was analysed`;
    report = { ...report, quality: { ...report.quality, warnings: [...report.quality.warnings, w] } };
    if (!isVideo) ctx.log(`warning: ${w}`); // for a video, reading it already said so
  }

  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (opts.csv) await writeOutput(opts.csv, reportToCsv(report), 'CSV');
  await writeResult(json, opts.out, 'report', ctx);
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
