/**
 * Walking bouts: (A) the person lost for a moment (all keypoints missing for 0.33–0.5 s) in the middle of a walk is a
 * gap, not the end of walking: events and phases on either side still count, none spans the gap; (B) walk, stand
 * still, walk again (or turn back): no spurious short step at the start of the second pass. On the synthetic walker
 * (always) and on the motion-capture tracks (../shared/data/mocap; skipped with a message when absent).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTrack, makeSyntheticWalk, parsePoseTrack, type GaitReport, type PoseTrack } from '../../src/kinematics/index.ts';
import type { ReportExtra } from '../../src/kinematics/types.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const mocapDir = path.resolve(projectRoot, '../shared/data/mocap');
const haveData = existsSync(path.join(mocapDir, 'tracks/manifest.json'));
if (!haveData) console.warn(`bouts mocap tests SKIPPED: ${mocapDir}/tracks/manifest.json not found (shared data absent)`);

type Frame = PoseTrack['frames'][number];

/** All keypoints missing for durS in the middle of the track; returns the track and the gap [first, last missing frame time]. */
function wholeBodyGap(track: PoseTrack, durS: number): { track: PoseTrack; gapS: [number, number] } {
  const o = structuredClone(track);
  const dt = (o.frames[1] as Frame).t - (o.frames[0] as Frame).t;
  const n = Math.round(durS / dt);
  const m = Math.floor(o.frames.length / 2 - n / 2);
  for (let i = m; i < m + n; i++) (o.frames[i] as Frame).keypoints = (o.frames[i] as Frame).keypoints.map(() => [null, null, 0]);
  return { track: o, gapS: [(o.frames[m] as Frame).t, (o.frames[m + n - 1] as Frame).t] };
}

/**
 * Walk, stand standS (the last pose held), then the walk again from its first frame: `turn` mirrored about the
 * mid-hip (turned back), `on` moved to start where the first pass ended (walking on in the same direction).
 */
function standAndWalkAgain(track: PoseTrack, standS: number, mode: 'turn' | 'on' = 'turn'): PoseTrack {
  const o = structuredClone(track);
  const F = track.frames;
  const dt = (F[1] as Frame).t - (F[0] as Frame).t;
  const last = F[F.length - 1] as Frame;
  const li = track.keypointNames.indexOf('left_hip');
  const ri = track.keypointNames.indexOf('right_hip');
  const midX = (f: Frame): number => (((f.keypoints[li] as [number, number, number])[0]) + ((f.keypoints[ri] as [number, number, number])[0])) / 2;
  const frames: Frame[] = F.map((f) => structuredClone(f));
  let t = last.t + dt;
  for (; t < last.t + standS; t += dt) frames.push({ t: Math.round(t * 1000) / 1000, keypoints: structuredClone(last.keypoints) });
  const shift = t - (F[0] as Frame).t;
  const [a, b] = [midX(last), midX(F[0] as Frame)];
  const xOf = (x: number): number => (mode === 'turn' ? a + b - x : x + a - b);
  for (const f of F) frames.push({ t: Math.round((f.t + shift) * 1000) / 1000, keypoints: f.keypoints.map((k) => (k[0] === null ? [...k] : [Math.round(xOf(k[0]) * 10) / 10, k[1], k[2]])) as Frame['keypoints'] });
  o.frames = frames;
  return o;
}

/**
 * Frontal turn: `toward` (walking toward the camera), standS still, then `away` (walking away) scaled and moved so
 * its first pelvis matches `toward`'s last (the walker turns where they stand). Returns the track and the time
 * added to `away`'s frame times.
 */
function turnAround(toward: PoseTrack, away: PoseTrack, standS: number): { track: PoseTrack; shiftS: number } {
  const o = structuredClone(toward);
  const names = toward.keypointNames;
  const [li, ri, ls] = (['left_hip', 'right_hip', 'left_shoulder'] as const).map((n) => names.indexOf(n)) as [number, number, number];
  const k = (f: Frame, i: number): [number, number] => [(f.keypoints[i] as [number, number, number])[0], (f.keypoints[i] as [number, number, number])[1]];
  const mid = (f: Frame): [number, number] => [(k(f, li)[0] + k(f, ri)[0]) / 2, (k(f, li)[1] + k(f, ri)[1]) / 2];
  const trunk = (f: Frame): number => Math.abs(k(f, ls)[1] - k(f, li)[1]);
  const last = toward.frames[toward.frames.length - 1] as Frame;
  const first = away.frames[0] as Frame;
  const s = trunk(last) / trunk(first);
  const [ax, ay] = mid(last);
  const [bx, by] = mid(first);
  const dt = (toward.frames[1] as Frame).t - (toward.frames[0] as Frame).t;
  let t = last.t + dt;
  for (; t < last.t + standS; t += dt) o.frames.push({ t: Math.round(t * 1000) / 1000, keypoints: structuredClone(last.keypoints) });
  for (const f of away.frames) {
    o.frames.push({
      t: Math.round((f.t + t) * 1000) / 1000,
      keypoints: f.keypoints.map((p) => (p[0] === null || p[1] === null ? [null, null, 0] : [Math.round((ax + s * (p[0] - bx)) * 10) / 10, Math.round((ay + s * (p[1] - by)) * 10) / 10, p[2]])) as Frame['keypoints'],
    });
  }
  return { track: o, shiftS: t };
}

const analyze = (track: PoseTrack, heightM?: number): GaitReport & { extra: ReportExtra } => analyzeTrack(parsePoseTrack(structuredClone(track)), { heightM: heightM ?? null }) as GaitReport & { extra: ReportExtra };
const spans = (a: number, b: number, [g0, g1]: [number, number]): boolean => a < g1 && b > g0;

function expectGapHonoured(rep: GaitReport & { extra: ReportExtra }, gapS: [number, number]): void {
  for (const s of rep.extra.strides) expect(spans(s.startS, s.endS, gapS), `stride ${s.startS}-${s.endS} spans the gap`).toBe(false);
  for (const s of rep.extra.steps) if (s.stepTimeS !== null) expect(spans(s.footStrikeS - s.stepTimeS, s.footStrikeS, gapS), `step ending ${s.footStrikeS} spans the gap`).toBe(false);
}

describe('bouts: synthetic walker', () => {
  const syn = (camera: 'sagittal-left' | 'frontal-front') => makeSyntheticWalk({ camera, durationS: 3, keypointSet: 'blazepose33' });
  it('A: a 0.33 s whole-body gap in a 3 s side-view walk keeps cadence and step times, with no phase across the gap', () => {
    const { track, truth } = syn('sagittal-left');
    const g = wholeBodyGap(track, 0.33);
    const rep = analyze(g.track, 1.7);
    const cad = rep.metrics.cadenceStepsPerMin?.value ?? null;
    expect(cad, 'cadence').not.toBeNull();
    expect(Math.abs((cad as number) / truth.cadenceStepsPerMin - 1)).toBeLessThan(0.03);
    expect(rep.metrics.stepTimeS, 'step time').not.toBeNull();
    expect(rep.metrics.stepLengthM, 'step length').not.toBeNull();
    expectGapHonoured(rep, g.gapS);
  });
  it.each([0.3, 0.5, 0.8])('D: a %s s hesitation mid-walk (side view, walking on after it): a pause, not a step; cadence and step times are the walk\'s', (standS) => {
    const { track, truth } = makeSyntheticWalk({ camera: 'sagittal-left', durationS: 3.3, keypointSet: 'blazepose33' });
    const o = standAndWalkAgain(track, standS, 'on');
    const rep = analyze(o, 1.7);
    expect(Math.abs((rep.metrics.cadenceStepsPerMin?.value as number) / truth.cadenceStepsPerMin - 1)).toBeLessThan(0.02);
    const stepT = 60 / truth.cadenceStepsPerMin;
    for (const s of rep.extra.steps) if (s.stepTimeS !== null) expect(s.stepTimeS, `step ending ${s.footStrikeS}`).toBeLessThan(1.2 * stepT);
    for (const s of rep.extra.strides) expect(s.endS - s.startS, `stride from ${s.startS}`).toBeLessThan(1.2 * 2 * stepT);
  });
  it.each([0, 1])('E: frontal, toward the camera, turn (%s s still), away: two passes, each with its own direction; the approach\'s strikes within 0.05 s', (standS) => {
    const toward = makeSyntheticWalk({ camera: 'frontal-front', durationS: 3, keypointSet: 'blazepose33' });
    const away = makeSyntheticWalk({ camera: 'frontal-back', durationS: 3, keypointSet: 'blazepose33', seed: 2 });
    const { track, shiftS } = turnAround(toward.track, away.track, standS);
    const rep = analyze(track, 1.7);
    expect(rep.extra.analysis.direction).toBe('mixed');
    expect(rep.extra.bouts?.length).toBeGreaterThanOrEqual(2);
    for (const side of ['left', 'right'] as const) {
      for (const t of rep.events[side].footStrikeS.filter((x) => x > 0.2 && x < 2.8)) expect(Math.min(...toward.truth.events[side].footStrikeS.map((x) => Math.abs(x - t))), `${side} strike at ${t}`).toBeLessThan(0.05);
      // The synthetic walker's away-view events are off by up to 0.08 s on their own (its feet are not a real walker's).
      for (const t of rep.events[side].footStrikeS.filter((x) => x > shiftS + 0.2 && x < shiftS + 2.8)) expect(Math.min(...away.truth.events[side].footStrikeS.map((x) => Math.abs(x + shiftS - t))), `${side} strike at ${t}`).toBeLessThan(0.1);
    }
    for (const side of ['left', 'right'] as const) expect(Math.abs((rep.metrics.contralateralPelvicDropDeg?.[side]?.mean as number) - toward.truth.pelvicDropDeg[side])).toBeLessThan(0.5);
  });
  it('B: stand 2 s and turn back (side view): no spurious short step, cadence and step length as in one pass', () => {
    const { track, truth } = syn('sagittal-left');
    const rep = analyze(standAndWalkAgain(track, 2), 1.7);
    const cad = rep.metrics.cadenceStepsPerMin?.value as number;
    expect(Math.abs(cad / truth.cadenceStepsPerMin - 1)).toBeLessThan(0.03);
    const stepT = 60 / truth.cadenceStepsPerMin;
    for (const s of rep.extra.steps) if (s.stepTimeS !== null) expect(s.stepTimeS).toBeGreaterThan(0.75 * stepT);
    for (const side of ['left', 'right'] as const) expect(Math.abs((rep.metrics.stepLengthM?.[side]?.mean as number) - truth.stepLengthM)).toBeLessThan(0.04);
    // Gait speed counts both passes (it was null for any walk of more than one pass): 2 step lengths per stride time.
    const speed = (2 * truth.stepLengthM * truth.cadenceStepsPerMin) / 120;
    const one = analyze(track, 1.7).metrics.gaitSpeedMps?.value as number;
    expect(Math.abs((rep.metrics.gaitSpeedMps?.value ?? NaN) / speed - 1)).toBeLessThan(0.03);
    expect(Math.abs((rep.metrics.gaitSpeedMps?.value ?? NaN) / one - 1)).toBeLessThan(0.02);
  });
});

interface Entry { file: string; view: 'sagittal' | 'frontal'; truth: string; heightM: number; variant: string; camera: string }
const entries: Entry[] = haveData ? (JSON.parse(readFileSync(path.join(mocapDir, 'tracks/manifest.json'), 'utf8')) as { tracks: Entry[] }).tracks.filter((e) => e.variant === 'clean') : [];
const load = (e: Entry): PoseTrack => JSON.parse(readFileSync(path.join(mocapDir, 'tracks', e.file), 'utf8')) as PoseTrack;
const truthCadence = (e: Entry): number => (JSON.parse(readFileSync(path.join(mocapDir, 'truth', e.truth), 'utf8')) as { metrics: { cadenceStepsPerMin: { value: number } } }).metrics.cadenceStepsPerMin.value;

describe.skipIf(!haveData)('bouts: motion-capture tracks (clean)', () => {
  it.each(entries.filter((e) => e.view === 'sagittal').map((e) => [e.file, e] as const))('A: 0.33 s whole-body gap, side view %s: cadence within 4 %, steps measured, no phase across the gap', (_f, e) => {
    const g = wholeBodyGap(load(e), 0.33);
    const rep = analyze(g.track, e.heightM);
    const cad = rep.metrics.cadenceStepsPerMin?.value ?? null;
    expect(cad, 'cadence').not.toBeNull();
    // Cadence from the 1–3 steps left on either side of the gap (the OpenSim trial has 4 steps in all).
    expect(Math.abs((cad as number) / truthCadence(e) - 1)).toBeLessThan(0.04);
    expect(rep.metrics.stepTimeS, 'step time').not.toBeNull();
    expectGapHonoured(rep, g.gapS);
  });
  it.each(entries.filter((e) => e.view === 'sagittal').map((e) => [e.file, e] as const))('A: a 0.5 s whole-body gap does not make %s impossible to analyse', (_f, e) => {
    expect(() => analyze(wholeBodyGap(load(e), 0.5).track, e.heightM)).not.toThrow();
  });
  it.each(entries.filter((e) => e.view === 'frontal').map((e) => [e.file, e] as const))('C: feet lost for the last fifth of %s: every strike away from the ends is one of the whole track\'s (±0.05 s), cadence within 3 percent', (_f, e) => {
    // (The OpenSim truth has force-plate strikes only, so the whole track's own strikes are the reference.)
    const whole = analyze(load(e), e.heightM);
    const o = load(e);
    const feet = o.keypointNames.map((n, k) => (/ankle|heel|foot_index/.test(n) ? k : -1)).filter((k) => k >= 0);
    o.frames.forEach((f, i) => {
      if (i >= 0.8 * o.frames.length) for (const k of feet) f.keypoints[k] = [null, null, 0];
    });
    const rep = analyze(o, e.heightM);
    const endS = (o.frames[o.frames.length - 1] as Frame).t;
    for (const side of ['left', 'right'] as const) {
      for (const t of rep.events[side].footStrikeS) {
        if (t < 0.2 || t > 0.8 * endS) continue;
        const nearest = Math.min(...whole.events[side].footStrikeS.map((x) => Math.abs(x - t)));
        expect(nearest, `${side} strike at ${t.toFixed(3)} s`).toBeLessThan(0.05);
      }
    }
    expect(Math.abs((rep.metrics.cadenceStepsPerMin?.value as number) / truthCadence(e) - 1)).toBeLessThan(0.03);
  });
  it.each(entries.filter((e) => e.camera === 'frontal-front').map((e) => [e.file, e] as const))('E: %s, then a turn where the walker stands and the same trial from behind: passes each way, strikes within 0.05 s, cadence within 2 percent', (_f, e) => {
    const backFile = e.file.replace('frontal-front', 'frontal-back');
    const back = entries.find((x) => x.file === backFile) as Entry;
    const { track, shiftS } = turnAround(load(e), load(back), 0.5);
    const rep = analyze(track, e.heightM);
    expect(rep.extra.analysis.direction).toBe('mixed');
    const truth = JSON.parse(readFileSync(path.join(mocapDir, 'truth', e.truth), 'utf8')) as GaitReport;
    const endS = (track.frames[track.frames.length - 1] as Frame).t;
    // Force-plate truth (OpenSim) covers only some strikes: judge the strikes within the span of the true ones. (0.05 s:
    // the FlatFoot trial's right-foot strike labels lag its foot motion by up to 0.04 s, see the mocap README notes.)
    for (const side of ['left', 'right'] as const) {
      const tru = [...truth.events[side].footStrikeS, ...truth.events[side].footStrikeS.map((x) => x + shiftS)];
      const lo = Math.min(...truth.events[side].footStrikeS) - 0.05;
      const hi = Math.max(...truth.events[side].footStrikeS) + 0.05;
      for (const t of rep.events[side].footStrikeS) {
        if (t < 0.2 || t > endS - 0.2 || !((t >= lo && t <= hi) || (t >= lo + shiftS && t <= hi + shiftS))) continue;
        expect(Math.min(...tru.map((x) => Math.abs(x - t))), `${side} strike at ${t.toFixed(3)} s`).toBeLessThan(0.05);
      }
    }
    expect(Math.abs((rep.metrics.cadenceStepsPerMin?.value as number) / truthCadence(e) - 1)).toBeLessThan(0.02);
    // The trunk lean's sign follows the way the walker faces in each pass.
    for (const side of ['left', 'right'] as const) {
      const want = truth.metrics.trunkLateralLeanDeg?.[side]?.mean;
      if (typeof want === 'number') expect(Math.abs((rep.metrics.trunkLateralLeanDeg?.[side]?.mean as number) - want), `${side} trunk lean`).toBeLessThan(0.5);
    }
  });
  // Side views: turn back where the walk ended (mirrored about the pelvis). Front/back views: the turn is from one
  // camera's track to the opposite camera's (turnAround), which is what a turn looks like from a fixed camera.
  const opposite = (e: Entry): Entry | undefined => entries.find((x) => x.file === e.file.replace(e.camera, e.camera === 'frontal-front' ? 'frontal-back' : 'frontal-front'));
  it.each(entries.filter((e) => e.view === 'sagittal' || opposite(e)).map((e) => [e.file, e] as const))('B: stand 2 s and walk again, %s: one walker, cadence within 3 % of the truth, no step under 0.75 × the median', (_f, e) => {
    const base = analyze(load(e), e.heightM);
    const other = e.view === 'frontal' ? opposite(e) : undefined;
    const rep = analyze(other ? turnAround(load(e), load(other), 2).track : standAndWalkAgain(load(e), 2), e.heightM);
    expect(rep.quality.warnings.find((w) => w.includes('jumped'))).toBeUndefined();
    const cad = rep.metrics.cadenceStepsPerMin?.value as number;
    expect(Math.abs(cad / truthCadence(e) - 1)).toBeLessThan(0.03);
    const baseSteps = base.extra.steps.map((s) => s.stepTimeS).filter((x): x is number => x !== null).sort((a, b) => a - b);
    const med = baseSteps[baseSteps.length >> 1] as number;
    for (const s of rep.extra.steps) if (s.stepTimeS !== null) expect(s.stepTimeS, `step at ${s.footStrikeS}`).toBeGreaterThan(0.75 * med);
  });
});
