/**
 * `gaitscope posture INPUT [--view frontal|sagittal]`: standing posture from an image, a video or a
 * pose-track JSON → posture JSON on stdout (each measure with value, unit, norm and finding).
 * Images and videos are decoded with ffmpeg and run through the app's pose code (src/cli/video.ts).
 */
import { Option, type Command } from 'commander';
import { basename, extname } from 'node:path';
import type { PoseFrame, PoseTrack, View } from '../../kinematics/types.ts';
import { findStableWindow, guessPostureView, measurePosture, STABILITY_DEFAULTS, type PostureMeasureId } from '../../kinematics/posture.ts';
import { medianFrame } from '../../kinematics/postureGeometry.ts';
import { assessPostureMeasure } from '../../assessment/posture.ts';
import { SCREENING_DISCLAIMER } from '../../assessment/safety.ts';
import { DEFAULT_MODEL, MODEL_IDS, type ModelId } from '../../pose/models.ts';
import type { CliContext } from '../context.ts';
import { impossibleError } from '../errors.ts';
import { checkWritable, readTrackFile, trackFromMedia, VIDEO_EXTENSIONS, writeResult } from '../input.ts';
import type { CommandModule } from './index.ts';

/** File extensions read as a still image (decoded by ffmpeg as a one-frame video). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.webp', '.bmp'];

/** Options of `posture`. */
export interface PostureCliOptions {
  /** Given on the command line; undefined = the track's own view, else decided from the keypoints. */
  view?: View;
  model: ModelId;
  out?: string;
}

/** One measure of the posture JSON. */
export interface PostureJsonMeasure {
  id: PostureMeasureId;
  value: number | null;
  unit: 'deg' | 'bodyHeights';
  measurable: boolean;
  reason?: string;
  norm: string | null;
  within: boolean | null;
  finding: string | null;
  source: string | null;
}

/** The posture JSON written by `gaitscope posture`. */
export interface PostureJson {
  format: 'gaitscope.posture';
  version: 1;
  view: View;
  viewSource: 'given' | 'track' | 'auto' | 'assumed';
  input: { kind: 'image' | 'video' | 'pose-track'; name: string; frames: number };
  window: { startS: number; endS: number; durationS: number; frames: number; still: boolean };
  measures: PostureJsonMeasure[];
  warnings: string[];
  disclaimer: string;
}

/** Measures posture on a pose track; `inputKind`/`name` only label the output. */
export function postureFromTrack(track: PoseTrack, opts: { view?: View; inputKind: PostureJson['input']['kind']; name: string }): PostureJson {
  const names = track.keypointNames;
  const withPerson = track.frames.filter((f) => f.keypoints.some((k) => k[0] !== null));
  if (withPerson.length === 0) throw impossibleError(`no person found in ${opts.name} (${track.frames.length} frames, none with a pose)`);
  const warnings: string[] = [];

  let frames: PoseFrame[];
  let still: boolean;
  if (withPerson.length === 1) {
    frames = withPerson;
    still = false;
    warnings.push('Measured on a single frame: a video of 3 s of standing still gives steadier numbers.');
  } else {
    const w = findStableWindow(withPerson, names);
    if (w) {
      frames = withPerson.slice(w.startIndex, w.endIndex + 1);
      still = true;
      if (!w.reachedTarget) warnings.push(`The recording is shorter than ${STABILITY_DEFAULTS.durationS} s: measured over the ${w.durationS.toFixed(2)} s of standing still it has.`);
    } else {
      frames = withPerson;
      still = false;
      warnings.push(`No ${STABILITY_DEFAULTS.durationS} s of standing still were found: measured over the whole recording (median position), which is less reliable.`);
    }
  }

  let view: View;
  let viewSource: PostureJson['viewSource'];
  if (opts.view) {
    view = opts.view;
    viewSource = 'given';
  } else if (track.view) {
    view = track.view;
    viewSource = 'track';
  } else {
    const guess = guessPostureView(medianFrame(frames), names);
    view = guess ?? 'frontal';
    viewSource = guess ? 'auto' : 'assumed';
    if (!guess) warnings.push('Could not tell front/back from side view from the keypoints: assumed front or back view (use --view).');
  }

  const r = measurePosture(frames, names, view);
  warnings.push(...r.warnings);
  const measures: PostureJsonMeasure[] = r.measures.map((m) => {
    const a = m.value !== null ? assessPostureMeasure(m.id, m.value) : null;
    return { ...m, norm: a?.norm ?? null, within: a?.within ?? null, finding: a?.finding ?? null, source: a?.source ?? null };
  });
  const first = frames[0] as PoseFrame;
  const last = frames[frames.length - 1] as PoseFrame;
  return {
    format: 'gaitscope.posture',
    version: 1,
    view,
    viewSource,
    input: { kind: opts.inputKind, name: opts.name, frames: track.frames.length },
    window: { startS: first.t, endS: last.t, durationS: last.t - first.t, frames: frames.length, still },
    measures,
    warnings,
    disclaimer: SCREENING_DISCLAIMER,
  };
}

/** Runs `posture` and returns the JSON it wrote. */
export async function runPosture(input: string, opts: PostureCliOptions, ctx: CliContext): Promise<PostureJson> {
  const ext = extname(input).toLowerCase();
  const kind: PostureJson['input']['kind'] = IMAGE_EXTENSIONS.includes(ext) ? 'image' : VIDEO_EXTENSIONS.includes(ext) ? 'video' : 'pose-track';
  await checkWritable(opts.out, 'posture JSON');
  const track = kind === 'pose-track' ? await readTrackFile(input) : await trackFromMedia(input, { command: 'posture', model: opts.model, progress: kind === 'video' }, ctx);
  const out = postureFromTrack(track, { view: opts.view, inputKind: kind, name: basename(input) });
  for (const w of out.warnings) ctx.log(`warning: ${w}`);
  const json = `${JSON.stringify(out, null, 2)}\n`;
  await writeResult(json, opts.out, 'posture JSON', ctx);
  return out;
}

/** The `posture` subcommand. */
export const postureCommand: CommandModule = {
  name: 'posture',
  register(program: Command, ctx: CliContext) {
    program
      .command('posture')
      .description('Standing posture from an image, a video (3 s of standing still) or a pose-track JSON. Posture JSON on stdout unless --out.')
      .argument('<INPUT>', 'image (jpg/png), video (mp4/webm/mov) or pose-track JSON')
      .addOption(new Option('--view <view>', 'camera view: frontal (front or back) or sagittal (side); default: the track\'s, else decided from the keypoints').choices(['frontal', 'sagittal']))
      .addOption(new Option('--model <model>', 'pose model for image/video input').choices([...MODEL_IDS]).default(DEFAULT_MODEL))
      .option('--out <file>', 'write the posture JSON here instead of stdout')
      .action(async (input: string, raw: Record<string, unknown>) => {
        await runPosture(input, { view: raw.view as View | undefined, model: raw.model as ModelId, out: raw.out as string | undefined }, ctx);
      });
  },
};
