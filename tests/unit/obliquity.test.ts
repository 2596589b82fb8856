/**
 * The noise-robust pelvic obliquity estimator (noiseCorrectedObliquityMetrics) on synthetic obliquity curves with a
 * known contralateral drop per side and known white noise: the error distribution over noise seeds.
 */
import { describe, expect, it } from 'vitest';
import { obliquityMetrics, type ObliquityPhases } from '../../src/kinematics/metrics.ts';
import { noiseCorrectedObliquityMetrics } from '../../src/kinematics/obliquity.ts';
import { whiteNoiseSd } from '../../src/kinematics/noise.ts';
import { filtfiltInPlace } from '../../src/kinematics/filters.ts';
import { mulberry32 } from '../../src/kinematics/random.ts';
import type { Side } from '../../src/kinematics/keypoints.ts';

const FPS = 30;
const STRIDE_S = 1.05;

/** Raised-cosine bump of half-width w (cycles) centred at c, on a periodic phase. */
function bump(phase: number, c: number, w: number): number {
  let d = phase - c;
  d -= Math.round(d);
  return Math.abs(d) < w ? 0.5 * (1 + Math.cos((Math.PI * d) / w)) : 0;
}

/**
 * A walk of `strides` strides: left strikes at k·STRIDE_S, right strikes half a stride later, stance 62 % of the
 * stride; θ = −dropL·bump in early left stance (right side lower) + dropR·bump in early right stance, each stride's
 * amplitudes varied by up to ±8 % (rand).
 */
function walk(strides: number, dropLDeg: number, dropRDeg: number, rand: () => number) {
  const n = Math.round(strides * STRIDE_S * FPS) + 1;
  const tS = Float64Array.from({ length: n }, (_, i) => i / FPS);
  const strikes: { t: number; side: Side }[] = [];
  for (let k = 0; k <= strides; k++) {
    strikes.push({ t: k * STRIDE_S, side: 'left' });
    if (k < strides) strikes.push({ t: (k + 0.5) * STRIDE_S, side: 'right' });
  }
  const ampL = Array.from({ length: strides + 1 }, () => 1 + 0.16 * (rand() - 0.5));
  const ampR = Array.from({ length: strides + 1 }, () => 1 + 0.16 * (rand() - 0.5));
  const theta = tS.map((t) => {
    const k = Math.floor(t / STRIDE_S);
    const phase = t / STRIDE_S - k;
    return 0.4 - dropLDeg * (ampL[k] as number) * bump(phase, 0.14, 0.2) + dropRDeg * (ampR[k] as number) * bump(phase, 0.64, 0.2);
  });
  const stances: ObliquityPhases['stances'][number][] = [];
  const strideList: ObliquityPhases['strides'][number][] = [];
  for (const s of strikes) {
    const fo = s.t + 0.62 * STRIDE_S;
    if (fo <= (tS[n - 1] as number)) stances.push({ side: s.side, fs: s.t, fo });
    if (s.t + STRIDE_S <= (tS[n - 1] as number) + 1e-9) strideList.push({ start: s.t, end: s.t + STRIDE_S });
  }
  const ph: ObliquityPhases = { stances, strides: strideList, baselineSpanS: [0, strides * STRIDE_S] };
  return { tS, theta, strikes, ph };
}

/** Per-side mean drop and mean range of a metrics result. */
function summary(ph: ObliquityPhases, m: { dropDeg: (number | null)[]; rangeDeg: (number | null)[] }): [number, number, number] {
  const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
  const side = (s: Side): number => mean(ph.stances.flatMap((st, k) => (st.side === s && m.dropDeg[k] != null ? [m.dropDeg[k] as number] : [])));
  return [side('left'), side('right'), mean(m.rangeDeg.filter((x): x is number => x !== null))];
}

/** Errors (estimate − truth) of left drop, right drop and range over `seeds` noise draws; also the naive low-pass peaks. */
function errors(strides: number, dropL: number, dropR: number, noiseSdDeg: number, seeds: number) {
  const est: number[][] = [[], [], []];
  const naive: number[][] = [[], [], []];
  for (let s = 0; s < seeds; s++) {
    const rand = mulberry32(1000 + s);
    const w = walk(strides, dropL, dropR, rand);
    const truth = summary(w.ph, obliquityMetrics({ tS: w.tS }, w.theta, w.ph));
    const g = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const noisy = w.theta.map((x) => x + noiseSdDeg * g());
    const m = summary(w.ph, noiseCorrectedObliquityMetrics({ tS: w.tS }, noisy, 6, FPS, w.ph, w.strikes));
    const lp = Float64Array.from(noisy);
    filtfiltInPlace(lp, 6, FPS);
    const nv = summary(w.ph, obliquityMetrics({ tS: w.tS }, lp, w.ph));
    for (let j = 0; j < 3; j++) {
      (est[j] as number[]).push((m[j] as number) - (truth[j] as number));
      (naive[j] as number[]).push((nv[j] as number) - (truth[j] as number));
    }
  }
  const rms = (a: number[]): number => Math.sqrt(a.reduce((x, y) => x + y * y, 0) / a.length);
  const bias = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
  return { rms: est.map(rms), bias: est.map(bias), naiveRms: naive.map(rms), all: est.flat() };
}

describe('noiseCorrectedObliquityMetrics on synthetic obliquity with known drop and white noise', () => {
  it('clean (0.1° noise): drop per side and range within 0.3° of the truth', () => {
    const e = errors(4, 6, 2, 0.1, 5);
    for (const x of e.all) expect(Math.abs(x)).toBeLessThan(0.3);
  });

  it('4° white noise per frame at 30 fps (the mocap jitter level), 4 strides: RMS error ≤ 1° per drop and ≤ 1.4° for the range, bias ≤ 0.6°, under ⅔ of the low-pass peak error', () => {
    const e = errors(4, 6, 2, 4, 40);
    for (let j = 0; j < 3; j++) {
      expect(e.rms[j], `rms ${j}`).toBeLessThanOrEqual(j < 2 ? 1 : 1.4);
      expect(Math.abs(e.bias[j] as number), `bias ${j}`).toBeLessThanOrEqual(0.6);
      expect(e.naiveRms[j] as number, `naive ${j}`).toBeGreaterThan(1.5 * (e.rms[j] as number));
    }
    // The share of estimates within the issue tolerance (1.5°).
    expect(e.all.filter((x) => Math.abs(x) <= 1.5).length / e.all.length).toBeGreaterThanOrEqual(0.8);
  });

  it('the error falls with more strides (12 strides: RMS ≤ 0.9°, and below the 4-stride RMS for drops and range)', () => {
    const e = errors(12, 6, 2, 4, 20);
    const e4 = errors(4, 6, 2, 4, 20);
    for (let j = 0; j < 3; j++) {
      expect(e.rms[j], `rms ${j}`).toBeLessThanOrEqual(0.9);
      expect(e.rms[j], `rms ${j} vs 4 strides`).toBeLessThan(e4.rms[j] as number);
    }
  });
});

describe('whiteNoiseSd (noise level the estimator corrects for)', () => {
  it('is within 15 % of the true SD on a gait-like wave with white noise, also with 10-40 % of samples missing at random', () => {
    const rand = mulberry32(5);
    const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    for (const missing of [0, 0.1, 0.2, 0.4]) {
      const v = Float64Array.from({ length: 1800 }, (_, i) => (rand() < missing ? NaN : 4 * Math.sin((2 * Math.PI * i) / FPS / STRIDE_S) + 2 * normal()));
      expect(Math.abs(whiteNoiseSd(v) / 2 - 1), `${missing * 100} % missing`).toBeLessThan(0.15);
    }
  });
});

describe('keypoint noise in the report (noise.ts keypointNoiseBodyHeights)', () => {
  it('measures the noise a synthetic walk was made with, and warns about event timing only above 0.35 % of body height', async () => {
    const { analyzeTrack, makeSyntheticWalk } = await import('../../src/kinematics/index.ts');
    for (const camera of ['sagittal-left', 'frontal-front'] as const) {
      for (const noiseFraction of [0.002, 0.006]) {
        const rep = analyzeTrack(makeSyntheticWalk({ camera, durationS: 8, noiseFraction, seed: 4 }).track);
        const measured = (rep.extra as { analysis: { keypointNoiseBodyHeights?: number | null } }).analysis.keypointNoiseBodyHeights ?? NaN;
        expect(Math.abs(measured / noiseFraction - 1), `${camera} ${noiseFraction}: measured ${measured}`).toBeLessThan(0.3);
        expect(rep.quality.warnings.some((w) => w.startsWith('keypoint noise about')), `${camera} ${noiseFraction}`).toBe(noiseFraction > 0.0035);
      }
    }
  });
});

describe('the report says when obliquity values are noise-corrected', () => {
  it('warns on a noisy frontal walk (its per-stance sd understates the variation) and not on a clean one', async () => {
    const { analyzeTrack, makeSyntheticWalk } = await import('../../src/kinematics/index.ts');
    const said = (noiseFraction: number): boolean =>
      analyzeTrack(makeSyntheticWalk({ camera: 'frontal-back', durationS: 8, noiseFraction, seed: 3 }).track, {}).quality.warnings.some((w) => w.startsWith('pelvic obliquity: keypoint noise'));
    expect(said(0.008)).toBe(true);
    expect(said(0)).toBe(false);
  });
});
