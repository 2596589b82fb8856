/** Kinematics engine: validation, synthetic-walk checks and properties (mirror/label swap, front/back, similarity, gaps/swaps). */
import fc from 'fast-check';
import type { ReportExtra } from '../../src/kinematics/types.ts';
import { describe, expect, it } from 'vitest';
import {
  AnalysisImpossibleError, OneEuroFilter, mirrorName, TrackFormatError, analyzeTrack, makeSyntheticWalk, parsePoseTrack, parseReport,
  type GaitReport, type PoseTrack, type SidedMetric,
} from '../../src/kinematics/index.ts';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function transform(track: PoseTrack, f: (x: number, y: number) => [number, number]): PoseTrack {
  const t = clone(track);
  for (const fr of t.frames) for (const kp of fr.keypoints) if (kp[0] !== null && kp[1] !== null) [kp[0], kp[1]] = f(kp[0], kp[1]);
  return t;
}

/** Mirrors the image (x → width − x) and swaps every left_/right_ label. */
function mirrorAndSwap(track: PoseTrack): PoseTrack {
  const t = transform(track, (x, y) => [track.image.widthPx - x, y]);
  const idx = new Map(t.keypointNames.map((n, i) => [n, i]));
  const perm = t.keypointNames.map((n) => idx.get(mirrorName(n) as PoseTrack['keypointNames'][number]) ?? -1);
  for (const fr of t.frames) fr.keypoints = perm.map((j) => fr.keypoints[j] as PoseTrack['frames'][number]['keypoints'][number]);
  return t;
}

const side = (m: SidedMetric | null, s: 'left' | 'right'): number | undefined => m?.[s]?.mean;

describe('parsePoseTrack / parseReport', () => {
  const { track } = makeSyntheticWalk({ durationS: 2 });
  it('accepts a valid track of either keypoint set', () => {
    expect(parsePoseTrack(clone(track)).frames.length).toBe(track.frames.length);
    expect(parsePoseTrack(clone(makeSyntheticWalk({ durationS: 1, keypointSet: 'coco17' }).track)).keypointSet).toBe('coco17');
  });
  it('names the field of a non-increasing time', () => {
    const bad = clone(track);
    (bad.frames[12] as PoseTrack['frames'][number]).t = (bad.frames[11] as PoseTrack['frames'][number]).t;
    expect(() => parsePoseTrack(bad)).toThrow('frames[12].t: must be greater than frames[11].t');
  });
  it('rejects an unknown format or version naming the field', () => {
    expect(() => parsePoseTrack({ ...clone(track), format: 'x' })).toThrow(TrackFormatError);
    try {
      parsePoseTrack({ ...clone(track), version: 2 });
    } catch (e) {
      expect((e as TrackFormatError).field).toBe('version');
    }
    expect(() => parseReport({ format: 'gaitscope.report', version: 9 })).toThrow(/^version/);
  });
  it('names a bad keypoint field', () => {
    const bad = clone(track) as unknown as { frames: { keypoints: unknown[][] }[] };
    (bad.frames[3] as { keypoints: unknown[][] }).keypoints[5] = ['a', 1, 0.9];
    expect(() => parsePoseTrack(bad)).toThrow(/^frames\[3\]\.keypoints\[5\]\[0\]/);
  });
  it('round-trips a report through parseReport', () => {
    const rep = analyzeTrack(makeSyntheticWalk({ durationS: 5 }).track);
    expect(parseReport(clone(rep)).view).toBe('sagittal');
  });
});

describe('synthetic walker', () => {
  it('sagittal: cadence, events, step length and knee flexion near the design', () => {
    const { track, truth } = makeSyntheticWalk({ camera: 'sagittal-left', durationS: 8 });
    const rep = analyzeTrack(track);
    expect(rep.metrics.cadenceStepsPerMin?.value).toBeCloseTo(truth.cadenceStepsPerMin, -0.5);
    for (const s of ['left', 'right'] as const) {
      const inner = truth.events[s].footStrikeS.filter((t) => t > 0.3 && t < 7.7);
      for (const t of inner) expect(Math.min(...rep.events[s].footStrikeS.map((d) => Math.abs(d - t)))).toBeLessThan(0.05);
      expect(side(rep.metrics.stepLengthM, s)).toBeGreaterThan(truth.stepLengthM - 0.05);
      expect(side(rep.metrics.stepLengthM, s)).toBeLessThan(truth.stepLengthM + 0.05);
      expect(Math.abs((side(rep.metrics.kneeFlexionPeakSwingDeg, s) ?? 0) - truth.kneeFlexionPeakSwingDeg[s])).toBeLessThan(3);
    }
    expect(rep.metrics.contralateralPelvicDropDeg).toBeNull();
    expect(rep.quality.warnings).toContain('contralateralPelvicDropDeg needs a frontal view');
  });
  it('frontal views: every foot off of a walk with a heel and toe rocker found within 0.03 s; toward the camera, every strike within 0.05 s', () => {
    for (const camera of ['frontal-front', 'frontal-back'] as const) {
      const { track, truth } = makeSyntheticWalk({ camera, durationS: 6 });
      const rep = analyzeTrack(track);
      for (const s of ['left', 'right'] as const) {
        for (const t of truth.events[s].footOffS.filter((x) => x > 0.3 && x < 5.7))
          expect(Math.min(...rep.events[s].footOffS.map((d) => Math.abs(d - t))), `${camera} ${s} foot off at ${t.toFixed(2)} s`).toBeLessThan(0.03);
        if (camera === 'frontal-front')
          for (const t of truth.events[s].footStrikeS.filter((x) => x > 0.3 && x < 5.7))
            expect(Math.min(...rep.events[s].footStrikeS.map((d) => Math.abs(d - t))), `${camera} ${s} strike at ${t.toFixed(2)} s`).toBeLessThan(0.05);
      }
    }
  });
  it('a swing whose knee peak falls in a knee-and-ankle dropout is left out (with a warning), not reported short', () => {
    const { track, truth } = makeSyntheticWalk({ camera: 'sagittal-left', durationS: 8 });
    const clean = analyzeTrack(track);
    const stride = (clean.extra as unknown as ReportExtra).strides.find((s) => s.side === 'left' && s.kneeFlexionPeakSwingDeg !== null && s.startS > 2);
    expect(stride).toBeDefined();
    // The frame of peak left-knee flexion in that stride's swing, from the keypoints themselves.
    const names = track.keypointNames;
    const at = (f: (typeof track.frames)[number], n: string) => f.keypoints[names.indexOf(n as never)]!;
    const flexion = (f: (typeof track.frames)[number]) => {
      const [h, k, a] = ['left_hip', 'left_knee', 'left_ankle'].map((n) => at(f, n) as [number, number, number]);
      const u = [h![0] - k![0], h![1] - k![1]];
      const v = [a![0] - k![0], a![1] - k![1]];
      return 180 - (Math.acos((u[0]! * v[0]! + u[1]! * v[1]!) / Math.hypot(u[0]!, u[1]!) / Math.hypot(v[0]!, v[1]!)) * 180) / Math.PI;
    };
    const swing = track.frames.filter((f) => f.t > stride!.footOffS! && f.t < stride!.endS);
    const peakT = swing.reduce((b, f) => (flexion(f) > flexion(b) ? f : b)).t;
    const holed = { ...track, frames: track.frames.map((f) => (Math.abs(f.t - peakT) > 0.085 ? f : { ...f, keypoints: f.keypoints.map((kp, i) => (['left_knee', 'left_ankle', 'left_heel', 'left_foot_index'].includes(names[i]!) ? ([null, null, 0] as [null, null, number]) : kp)) })) };
    const rep = analyzeTrack(holed);
    const kneeOf = (r: typeof rep) => (r.extra as unknown as ReportExtra).strides.filter((s) => s.side === 'left').map((s) => s.kneeFlexionPeakSwingDeg);
    expect(kneeOf(rep).filter((v) => v !== null)).toHaveLength(kneeOf(clean).filter((v) => v !== null).length - 1);
    expect(rep.quality.warnings.some((w) => /kneeFlexionPeakSwingDeg: 1 swing\(s\) left out/.test(w))).toBe(true);
    expect(Math.abs((side(rep.metrics.kneeFlexionPeakSwingDeg, 'left') ?? 0) - truth.kneeFlexionPeakSwingDeg.left)).toBeLessThan(3);
    // The other leg is untouched.
    expect(side(rep.metrics.kneeFlexionPeakSwingDeg, 'right')).toBeCloseTo(side(clean.metrics.kneeFlexionPeakSwingDeg, 'right')!, 6);
  });
  it('a 6° hip drop on one side measures 6 ± 0.5° there and nothing above normal on the other', () => {
    for (const camera of ['frontal-front', 'frontal-back'] as const) {
      const rep = analyzeTrack(makeSyntheticWalk({ camera, durationS: 8, pelvicDropDeg: { left: 6, right: 2 } }).track);
      expect(side(rep.metrics.contralateralPelvicDropDeg, 'left')).toBeGreaterThan(5.5);
      expect(side(rep.metrics.contralateralPelvicDropDeg, 'left')).toBeLessThan(6.5);
      expect(side(rep.metrics.contralateralPelvicDropDeg, 'right')).toBeLessThan(3);
      expect(rep.metrics.stepLengthM).toBeNull();
    }
  });
  it('metres need a height: without it step length is in body heights only, with a warning', () => {
    const { track } = makeSyntheticWalk({ durationS: 6 });
    const t = clone(track);
    delete t.subject;
    const rep = analyzeTrack(t);
    expect(rep.metrics.stepLengthM).toBeNull();
    expect(rep.metrics.stepLengthBodyHeights?.left?.mean).toBeGreaterThan(0.3);
    expect(rep.quality.warnings).toContain('stepLengthM needs subject.heightM');
  });
  it('repairs leg label swaps', () => {
    const clean = analyzeTrack(makeSyntheticWalk({ durationS: 8, seed: 3 }).track);
    const swapped = analyzeTrack(makeSyntheticWalk({ durationS: 8, seed: 3, swaps: 3 }).track);
    expect((swapped.extra as { analysis: { labelSwapsRepaired: number } }).analysis.labelSwapsRepaired).toBeGreaterThanOrEqual(1);
    expect(swapped.events.left.footStrikeS.length).toBe(clean.events.left.footStrikeS.length);
  });
  it('throws AnalysisImpossibleError without a person', () => {
    const { track } = makeSyntheticWalk({ durationS: 2 });
    const empty = clone(track);
    for (const f of empty.frames) f.keypoints = f.keypoints.map(() => [null, null, 0]);
    expect(() => analyzeTrack(empty)).toThrow(AnalysisImpossibleError);
  });
});

const perSide = ['strideTimeS', 'stepTimeS', 'stanceFraction', 'stepLengthBodyHeights', 'kneeFlexionPeakSwingDeg', 'hipExtensionPeakDeg',
  'contralateralPelvicDropDeg', 'trunkLateralLeanDeg'] as const;

function expectSwapped(a: GaitReport, b: GaitReport, tol: number): void {
  for (const k of perSide) {
    const ma = a.metrics[k];
    const mb = b.metrics[k];
    expect(ma === null, k).toBe(mb === null);
    if (!ma || !mb) continue;
    expect(Math.abs((ma.left?.mean ?? 0) - (mb.right?.mean ?? 0)), `${k}.left vs mirrored right`).toBeLessThan(tol);
    expect(Math.abs((ma.right?.mean ?? 0) - (mb.left?.mean ?? 0)), `${k}.right vs mirrored left`).toBeLessThan(tol);
  }
  expect(Math.abs((a.metrics.cadenceStepsPerMin?.value ?? 0) - (b.metrics.cadenceStepsPerMin?.value ?? 0))).toBeLessThan(tol);
}

describe('properties', () => {
  it('mirroring the image and swapping the labels swaps the per-side results and nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom('sagittal-left', 'frontal-front', 'frontal-back') as fc.Arbitrary<'sagittal-left' | 'frontal-front' | 'frontal-back'>,
        fc.integer({ min: 1, max: 1000 }), (camera, seed) => {
          const opts = { camera, seed, durationS: 6, noiseFraction: 0.002, pelvicDropDeg: { left: 5, right: 2 } };
          const { track } = makeSyntheticWalk(opts);
          const a = analyzeTrack(track);
          const b = analyzeTrack(mirrorAndSwap(track));
          expectSwapped(a, b, 1e-6);
          expect(b.events.left.footStrikeS.length).toBe(a.events.right.footStrikeS.length);
          b.events.left.footStrikeS.forEach((t, i) => expect(Math.abs(t - (a.events.right.footStrikeS[i] as number))).toBeLessThan(1e-9));
          expect(Math.abs((a.metrics.pelvicObliquityRangeDeg?.value ?? 0) - (b.metrics.pelvicObliquityRangeDeg?.value ?? 0))).toBeLessThan(1e-6);
        }),
      { numRuns: 4 },
    );
  });
  it('front and back views of the same walk give the same pelvic metrics', () => {
    const opts = { durationS: 8, pelvicDropDeg: { left: 4, right: 2.5 }, pelvicTiltDeg: 1 };
    const f = analyzeTrack(makeSyntheticWalk({ ...opts, camera: 'frontal-front' }).track).metrics;
    const b = analyzeTrack(makeSyntheticWalk({ ...opts, camera: 'frontal-back' }).track).metrics;
    for (const s of ['left', 'right'] as const) {
      expect(Math.abs((side(f.contralateralPelvicDropDeg, s) ?? 99) - (side(b.contralateralPelvicDropDeg, s) ?? -99))).toBeLessThan(0.5);
    }
    expect(Math.abs((f.lateralPelvicTiltDeg?.value ?? 99) - (b.lateralPelvicTiltDeg?.value ?? -99))).toBeLessThan(0.3);
    expect(f.lateralPelvicTiltDeg?.value).toBeGreaterThan(0);
  });
  it('translation and uniform scale change no angle and no body-height length', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 2, noNaN: true }), fc.double({ min: -300, max: 300, noNaN: true }), fc.double({ min: -200, max: 200, noNaN: true }),
        fc.constantFrom('sagittal-right', 'frontal-back') as fc.Arbitrary<'sagittal-right' | 'frontal-back'>, (s, dx, dy, camera) => {
          const { track } = makeSyntheticWalk({ camera, durationS: 6, noiseFraction: 0.002, seed: 11 });
          const a = analyzeTrack(track);
          const b = analyzeTrack(transform(track, (x, y) => [x * s + dx, y * s + dy]));
          for (const k of ['kneeFlexionPeakSwingDeg', 'hipExtensionPeakDeg', 'contralateralPelvicDropDeg', 'stepLengthBodyHeights', 'stanceFraction'] as const) {
            for (const sd of ['left', 'right'] as const) {
              const va = side(a.metrics[k], sd);
              const vb = side(b.metrics[k], sd);
              expect(va === undefined, k).toBe(vb === undefined);
              if (va !== undefined && vb !== undefined) expect(Math.abs(va - vb), `${k}.${sd}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(va)));
            }
          }
        }),
      { numRuns: 4 },
    );
  });
  it('gaps and swaps never throw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 99 }),
        fc.constantFrom('sagittal-left', 'frontal-front', 'frontal-back', 'sagittal-right') as fc.Arbitrary<'sagittal-left'>, (gaps, swaps, seed, camera) => {
          const { track } = makeSyntheticWalk({ camera, gaps, swaps, seed, durationS: 5, noiseFraction: 0.004 });
          const rep = analyzeTrack(track);
          expect(rep.format).toBe('gaitscope.report');
        }),
      { numRuns: 8 },
    );
  });
});

describe('OneEuroFilter', () => {
  it('reduces jitter on a still point and follows a moving one', () => {
    const f = new OneEuroFilter({ minCutoff: 1, beta: 0.05 });
    let rnd = 1;
    const noise = (): number => ((rnd = (rnd * 16807) % 2147483647) / 2147483647 - 0.5) * 4;
    const out: number[] = [];
    for (let i = 0; i < 300; i++) out.push(f.filter(100 + noise(), i / 30));
    const tail = out.slice(100);
    const sd = Math.sqrt(tail.reduce((a, b) => a + (b - 100) ** 2, 0) / tail.length);
    expect(sd).toBeLessThan(0.5);
    f.reset();
    let last = 0;
    for (let i = 0; i < 60; i++) last = f.filter(i * 10, i / 30);
    expect(last).toBeGreaterThan(560);
  });
});
