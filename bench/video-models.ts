/**
 * Gait events of each pose model on the real walking video, against the hand annotation (`npm run bench`; a
 * measurement, never pass/fail): runs `gaitscope analyze` (the CLI, so the same pose and kinematics code as the
 * app) with every model on walk-side-indoor.mp4 and compares the foot strikes and foot offs of pass 1 (forward
 * walking, fully visible; the pass the unit test gates with the default model) to the annotated frames.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/pose/node.ts';
import { MODEL_IDS, type ModelId } from '../src/pose/models.ts';
import type { GaitReport, ReportExtra } from '../src/kinematics/types.ts';

/** Per model: pass-1 events found within 2 frames of the annotation (of how many), their median |error| in frames, cadence error. */
export interface VideoModelResult {
  strikesWithin2Frames: string;
  footOffsWithin2Frames: string;
  medianAbsErrorFrames: number | null;
  cadenceErrorPercent: number | null;
  /** Events dropped as implausible or inferred missing, over all (report extra.analysis). */
  implausibleEventFraction: number | null;
  /** Whether the report warned that the leg keypoints look unreliable. */
  unreliableWarning: boolean;
  wallS: number;
}

interface Annotation {
  fps: number;
  passes: { pass: number; fullyVisibleStart: number; fullyVisibleEnd: number }[];
  events: { pass: number; foot: 'left' | 'right'; type: 'footStrike' | 'footOff'; frame: number }[];
  cadenceStepsPerMin: { pass1SteadyState: number };
}

/** |error| in frames of the detected time (s) nearest an annotated frame; Infinity when none is detected. */
export function nearestFrameError(timesS: readonly number[], frame: number, fps: number): number {
  let best = Infinity;
  for (const t of timesS) best = Math.min(best, Math.abs(t * fps - frame));
  return best;
}

/** Pass-1 events (fully visible) matched to the report's events of the same foot and kind: |error| in frames, or null when none is within 2 frames. */
function matchPass1(ann: Annotation, report: GaitReport, type: 'footStrike' | 'footOff'): (number | null)[] {
  const pass = ann.passes.find((p) => p.pass === 1);
  if (!pass) return [];
  const key = type === 'footStrike' ? 'footStrikeS' : 'footOffS';
  return ann.events
    .filter((e) => e.pass === 1 && e.type === type && e.frame >= pass.fullyVisibleStart && e.frame <= pass.fullyVisibleEnd)
    .map((e) => {
      const best = nearestFrameError(report.events[e.foot][key], e.frame, ann.fps);
      return best <= 2 ? best : null;
    });
}

/** Runs every model on the video (skipped with a message when the video or its annotation is absent). */
export function benchVideoModels(video: string, eventsFile: string, models: readonly ModelId[] = MODEL_IDS): Record<string, VideoModelResult> | string {
  if (!existsSync(video) || !existsSync(eventsFile)) return `skipped: ${video} or its annotation is absent`;
  const ann = JSON.parse(readFileSync(eventsFile, 'utf8')) as Annotation;
  const dir = mkdtempSync(join(tmpdir(), 'gaitscope-bench-models-'));
  const out: Record<string, VideoModelResult> = {};
  try {
    for (const model of models) {
      const reportFile = join(dir, `${model}.json`);
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/gaitscope.mjs'), 'analyze', video, '--view', 'sagittal', '--model', model, '--out', reportFile], { encoding: 'utf8' });
      const wallS = (performance.now() - t0) / 1000;
      if (r.status !== 0) {
        console.log(`${model}: gaitscope analyze exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').pop()}`);
        continue;
      }
      const report = JSON.parse(readFileSync(reportFile, 'utf8')) as GaitReport;
      const fs = matchPass1(ann, report, 'footStrike');
      const fo = matchPass1(ann, report, 'footOff');
      const errs = [...fs, ...fo].filter((x): x is number => x !== null).sort((a, b) => a - b);
      const cadence = report.metrics.cadenceStepsPerMin?.value;
      out[model] = {
        strikesWithin2Frames: `${fs.filter((x) => x !== null).length}/${fs.length}`,
        footOffsWithin2Frames: `${fo.filter((x) => x !== null).length}/${fo.length}`,
        medianAbsErrorFrames: errs.length ? Math.round((errs[errs.length >> 1] as number) * 10) / 10 : null,
        cadenceErrorPercent: cadence === undefined ? null : Math.round(((cadence - ann.cadenceStepsPerMin.pass1SteadyState) / ann.cadenceStepsPerMin.pass1SteadyState) * 1000) / 10,
        implausibleEventFraction: (report.extra as ReportExtra | undefined)?.analysis.implausibleEventFraction ?? null,
        unreliableWarning: report.quality.warnings.some((w) => w.includes('leg keypoints look unreliable')),
        wallS: Math.round(wallS * 10) / 10,
      };
      console.log(`${model}: pass-1 strikes within 2 frames ${out[model].strikesWithin2Frames}, foot offs ${out[model].footOffsWithin2Frames}, ` +
        `median |error| ${out[model].medianAbsErrorFrames} frames, cadence ${out[model].cadenceErrorPercent} %, ` +
        `events implausible or missing ${((out[model].implausibleEventFraction ?? NaN) * 100).toFixed(0)} %${out[model].unreliableWarning ? ' (warned: leg keypoints unreliable)' : ''} (${wallS.toFixed(0)} s)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
