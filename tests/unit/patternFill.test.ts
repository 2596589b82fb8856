/**
 * Pattern (gait-periodic) gap filling of the leg keypoints (src/kinematics/patternFill.ts), validated on ARTIFICIAL
 * gaps: a whole leg (knee, ankle, heel, foot index) is knocked out for 0.1–0.23 s around each true foot event (centred
 * on it and offset by ±L/3) of each clean track, and the event detected is compared with the gap-free detection on
 * the same track, with the old fill (Hermite only, patternFill: false) and with the pattern fill. The synthetic
 * walker runs without data; the motion-capture tracks (../shared/data/mocap) are skipped with a message when absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTrack, makeSyntheticWalk, parsePoseTrack, type GaitReport, type PoseTrack } from '../../src/kinematics/index.ts';
import { extractTrajectories } from '../../src/kinematics/trajectories.ts';
import { patternFillLegGaps } from '../../src/kinematics/patternFill.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const mocapDir = path.resolve(projectRoot, '../shared/data/mocap');
const manifestPath = path.join(mocapDir, 'tracks/manifest.json');
const haveData = existsSync(manifestPath);
if (!haveData) console.warn(`pattern-fill mocap validation SKIPPED: ${manifestPath} not found (shared data absent)`);

const LEG = ['knee', 'ankle', 'heel', 'foot_index'];
const KINDS = ['footStrikeS', 'footOffS'] as const;

/** The track with the `side` leg's keypoints missing in frames within L/2 of `centreS`. */
function knockOutLeg(track: PoseTrack, side: 'left' | 'right', centreS: number, lengthS: number): PoseTrack {
  const idx = new Set(LEG.map((p) => (track.keypointNames as string[]).indexOf(`${side}_${p}`)).filter((k) => k >= 0));
  const frames = track.frames.map((f) =>
    Math.abs(f.t - centreS) <= lengthS / 2 + 1e-9 ? { ...f, keypoints: f.keypoints.map((kp, k) => (idx.has(k) ? [null, null, 0] : kp)) as typeof f.keypoints } : f,
  );
  return { ...track, frames };
}

const nearest = (list: readonly number[], t: number): number | undefined =>
  list.filter((x) => Math.abs(x - t) < 0.15).sort((a, b) => Math.abs(a - t) - Math.abs(b - t))[0];

/** Signed errors (s) of the events found with artificial gaps vs the gap-free detection, and the events lost; old fill and pattern fill. */
interface Outcome { errorsS: number[]; missed: number }
function artificialGaps(track: PoseTrack, trueEvents: GaitReport['events'], heightM: number | null, lengthsS: readonly number[]): { hermite: Outcome; pattern: Outcome; filledWarnings: number } {
  const base = analyzeTrack(track, { heightM, patternFill: false });
  const dur = (track.frames[track.frames.length - 1]?.t ?? 0) - (track.frames[0]?.t ?? 0);
  const hermite: Outcome = { errorsS: [], missed: 0 };
  const pattern: Outcome = { errorsS: [], missed: 0 };
  let filledWarnings = 0;
  for (const side of ['left', 'right'] as const) {
    for (const kind of KINDS) {
      for (const t of trueEvents[side][kind]) {
        if (t < 0.2 || t > dur - 0.2) continue;
        const ref = nearest(base.events[side][kind], t);
        if (ref === undefined) continue;
        for (const L of lengthsS) {
          for (const o of [-L / 3, 0, L / 3]) {
            const gapped = knockOutLeg(track, side, t + o, L);
            for (const [out, pf] of [[hermite, false], [pattern, true]] as const) {
              let r: GaitReport | null = null;
              try {
                r = analyzeTrack(gapped, { heightM, patternFill: pf });
              } catch (e) {
                if (!(e instanceof Error && e.name === 'AnalysisImpossibleError')) throw e;
              }
              if (pf && r?.quality.warnings.some((w) => w.startsWith('pattern-filled'))) filledWarnings++;
              const d = r ? nearest(r.events[side][kind], ref) : undefined;
              if (d === undefined) out.missed++;
              else out.errorsS.push(d - ref);
            }
          }
        }
      }
    }
  }
  return { hermite, pattern, filledWarnings };
}

const quantileAbs = (a: readonly number[], q: number): number => {
  const s = a.map(Math.abs).sort((x, y) => x - y);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] as number) : NaN;
};
/** Fraction of cases lost or moved by more than `tolS` from the gap-free detection. */
const failFraction = (o: Outcome, tolS: number): number => (o.missed + o.errorsS.filter((e) => Math.abs(e) > tolS).length) / Math.max(1, o.missed + o.errorsS.length);
const summary = (o: Outcome): string =>
  `n=${o.errorsS.length + o.missed} missed=${o.missed} |err| median ${(quantileAbs(o.errorsS, 0.5) * 1000).toFixed(1)} ms, p90 ${(quantileAbs(o.errorsS, 0.9) * 1000).toFixed(1)} ms, max ${(quantileAbs(o.errorsS, 1) * 1000).toFixed(1)} ms, >20 ms or missed ${(100 * failFraction(o, 0.02)).toFixed(1)} %`;

describe('patternFillLegGaps (synthetic walker)', () => {
  it('rebuilds a knocked-out swing close to the true path, and marks what it filled', () => {
    const { track, truth } = makeSyntheticWalk({ camera: 'sagittal-left', fps: 30, durationS: 6 });
    const t = truth.events.left.footOffS.find((x) => x > 2 && x < 4) as number;
    const gapped = knockOutLeg(track, 'left', t + 0.1, 0.2);
    const truthTr = extractTrajectories(track, 0.25);
    const tr = extractTrajectories(gapped, 0.25);
    const res = patternFillLegGaps(tr, 'sagittal');
    expect(res.gaps).toBe(4); // knee, ankle, heel, foot index
    const mark = res.filled.left_ankle as Uint8Array;
    let worst = 0;
    let hermiteLike = 0;
    for (let i = 0; i < mark.length; i++) {
      if (!mark[i]) continue;
      worst = Math.max(worst, Math.hypot((tr.pts.left_ankle.x[i] as number) - (truthTr.pts.left_ankle.x[i] as number), (tr.pts.left_ankle.y[i] as number) - (truthTr.pts.left_ankle.y[i] as number)));
      hermiteLike++;
    }
    expect(hermiteLike).toBeGreaterThanOrEqual(5);
    // The ankle moves ~1 body height per second in swing; the filled path stays within 1 px of the true one (periodic walker).
    expect(worst).toBeLessThan(1);
  });

  it('leaves a gap alone when no donor matches (a leg path that does not repeat)', () => {
    const { track } = makeSyntheticWalk({ camera: 'sagittal-left', fps: 30, durationS: 6 });
    // The left ankle path made non-periodic: its walking motion plus a large pseudo-random wobble of ±60 px.
    const k = (track.keypointNames as string[]).indexOf('left_ankle');
    let s = 12345;
    const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
    const frames = track.frames.map((f) => {
      const kp = f.keypoints.slice() as typeof f.keypoints;
      const a = kp[k] as [number, number, number];
      kp[k] = [a[0] + 120 * rnd(), a[1] + 120 * rnd(), a[2]];
      return { ...f, keypoints: kp };
    });
    const tr = extractTrajectories(knockOutLeg({ ...track, frames }, 'left', 3, 0.2), 0.25);
    const res = patternFillLegGaps(tr, 'sagittal');
    expect(res.filled.left_ankle).toBeUndefined();
    expect(res.filled.left_knee).toBeDefined();
  });

  it('does nothing on a track without leg gaps: the report is identical with and without it', () => {
    for (const camera of ['sagittal-right', 'frontal-back'] as const) {
      const { track } = makeSyntheticWalk({ camera, fps: 30, durationS: 6, noiseFraction: 0.004, seed: 3 });
      expect(analyzeTrack(track, { heightM: 1.7 })).toEqual(analyzeTrack(track, { heightM: 1.7, patternFill: false }));
    }
  });

  it('keeps foot events found across whole-leg gaps of 0.1–0.23 s where the old fill loses or moves them (sagittal and frontal, BlazePose and COCO)', () => {
    const lines: string[] = [];
    for (const camera of ['sagittal-left', 'frontal-front'] as const) {
      for (const keypointSet of ['blazepose33', 'coco17'] as const) {
        const { track, truth } = makeSyntheticWalk({ camera, keypointSet, fps: 30, durationS: 5 });
        const { hermite, pattern, filledWarnings } = artificialGaps(track, truth.events, 1.7, [0.1, 0.17, 0.23]);
        lines.push(`synthetic ${camera} ${keypointSet}: Hermite ${summary(hermite)}; pattern ${summary(pattern)}`);
        expect(filledWarnings).toBeGreaterThan(0);
        // Measured (noise-free walker): side view Hermite 40–46 % lost or > 20 ms, pattern 0.6–1.2 %; front view Hermite 46–66 %,
        // pattern 10–17 % (the frontal detector flips between features by ±30 ms on this walker even for 0.1 s gaps).
        const bound = camera.startsWith('sagittal') ? 0.05 : 0.25;
        expect(failFraction(pattern, 0.02), `${camera} ${keypointSet}`).toBeLessThanOrEqual(bound);
        expect(failFraction(hermite, 0.02), `${camera} ${keypointSet} old fill`).toBeGreaterThan(bound);
        expect(quantileAbs(pattern.errorsS, 0.5), `${camera} ${keypointSet} median`).toBeLessThanOrEqual(0.005);
      }
    }
    console.log(lines.join('\n'));
  });
});

interface Entry { file: string; view: 'sagittal' | 'frontal'; truth: string; heightM: number; variant: string; fps: number }

describe.skipIf(!haveData)('pattern fill on artificial whole-leg gaps of the clean mocap tracks (30 fps, BlazePose + COCO, side + front/back)', () => {
  it('loses or moves (> 20 ms) far fewer foot events than the Hermite fill', () => {
    const entries = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { tracks: Entry[] }).tracks.filter((e) => e.variant === 'clean' && e.fps === 30);
    const all = { hermite: { errorsS: [], missed: 0 } as Outcome, pattern: { errorsS: [], missed: 0 } as Outcome };
    const lines: string[] = [];
    for (const e of entries) {
      const truth = JSON.parse(readFileSync(path.join(mocapDir, 'truth', e.truth), 'utf8')) as { events: GaitReport['events'] };
      const track = parsePoseTrack(JSON.parse(readFileSync(path.join(mocapDir, 'tracks', e.file), 'utf8')));
      const r = artificialGaps(track, truth.events, e.heightM, [0.1, 0.17, 0.23]);
      for (const k of ['hermite', 'pattern'] as const) {
        all[k].errorsS.push(...r[k].errorsS);
        all[k].missed += r[k].missed;
      }
      lines.push(`${e.file.padEnd(70)} Hermite >20 ms or missed ${(100 * failFraction(r.hermite, 0.02)).toFixed(0).padStart(3)} %, pattern ${(100 * failFraction(r.pattern, 0.02)).toFixed(0).padStart(3)} %`);
    }
    lines.push(`all: Hermite ${summary(all.hermite)}`, `all: pattern ${summary(all.pattern)}`);
    console.log(lines.join('\n'));
    expect(all.pattern.errorsS.length + all.pattern.missed).toBeGreaterThan(500);
    // Measured (16 tracks, 1080 cases, gaps 0.1–0.23 s): Hermite 52 % lost or > 20 ms, median 21 ms; pattern 1.9 %, median 2.9 ms.
    expect(failFraction(all.pattern, 0.02)).toBeLessThanOrEqual(0.06);
    expect(quantileAbs(all.pattern.errorsS, 0.5)).toBeLessThanOrEqual(0.005);
    expect(failFraction(all.hermite, 0.02)).toBeGreaterThan(0.06);
    expect(quantileAbs(all.hermite.errorsS, 0.5)).toBeGreaterThan(0.005);
  });
});
