/**
 * Small pure pieces of the kinematics: gait phases from foot events (phases.ts), the Cholesky least-squares solve
 * (linalg.ts) and the ascending-list search (floorIndex), against direct reference computations.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choleskyInPlace, choleskySolveInPlace } from '../../src/kinematics/linalg.ts';
import { countSteps, edgeStrikesInFlight, gaitPhases, implausibleFootOffs, implausibleStrikes, pausesBetweenSteps, splitSegmentsAtPauses, segmentLookup, walkSegments } from '../../src/kinematics/phases.ts';
import { floorIndex } from '../../src/kinematics/trajectories.ts';

describe('gait phases from foot events', () => {
  it('a regular walk: stances, swings and strides per foot, each ending at the next event of its kind', () => {
    // Left strikes 0, 1, 2; left offs 0.6, 1.6; right strikes 0.5, 1.5; right offs 0.1, 1.1, 2.1 (one bout 0–2.2 s).
    const fs = { left: [0, 1, 2], right: [0.5, 1.5] };
    const fo = { left: [0.6, 1.6], right: [0.1, 1.1, 2.1] };
    const { stances, swings, strides } = gaitPhases(fs, fo, () => true, 2.5);
    expect(stances).toEqual([
      { side: 'left', fs: 0, fo: 0.6 }, { side: 'left', fs: 1, fo: 1.6 },
      { side: 'right', fs: 0.5, fo: 1.1 }, { side: 'right', fs: 1.5, fo: 2.1 },
    ]);
    expect(swings).toEqual([
      { side: 'left', fo: 0.6, fs: 1 }, { side: 'left', fo: 1.6, fs: 2 },
      { side: 'right', fo: 0.1, fs: 0.5 }, { side: 'right', fo: 1.1, fs: 1.5 },
    ]);
    expect(strides).toEqual([
      { side: 'left', start: 0, end: 1, fo: 0.6 }, { side: 'left', start: 1, end: 2, fo: 1.6 },
      { side: 'right', start: 0.5, end: 1.5, fo: 1.1 },
    ]);
  });

  it('a missed foot off leaves the stride without one; phases never span two bouts or a pause longer than maxStrideS', () => {
    const fs = { left: [0, 1, 5, 6], right: [] as number[] };
    const fo = { left: [0.6, 1.6], right: [] as number[] };
    const bout = segmentLookup(walkSegments([[-0.5, 2], [4.5, 7]], 0));
    const sameBout = (a: number, b: number): boolean => bout(a) === bout(b) && bout(a) >= 0;
    const { stances, swings, strides } = gaitPhases(fs, fo, sameBout, 2.5);
    // 5 → 6: its foot off was missed. 1.6 → 5 would cross from one bout to the next: no swing.
    expect(strides).toEqual([{ side: 'left', start: 0, end: 1, fo: 0.6 }, { side: 'left', start: 5, end: 6, fo: null }]);
    expect(stances).toEqual([{ side: 'left', fs: 0, fo: 0.6 }, { side: 'left', fs: 1, fo: 1.6 }]);
    expect(swings).toEqual([{ side: 'left', fo: 0.6, fs: 1 }]);
    // One bout, but 1 → 5 is a pause: no stride across it.
    expect(gaitPhases(fs, fo, () => true, 2.5).strides.some((s) => s.start === 1)).toBe(false);
  });

  it('implausibleStrikes: of a step under the fraction × the median, the strike that breaks the stride rhythm; none with < 3 steps or across segments', () => {
    const seg0 = (): number => 0;
    // Steps of 0.55 s; a spurious right strike 0.12 s after the left one at 1.1 s.
    const fs = { left: [0, 1.1, 2.2, 3.3], right: [0.55, 1.22, 1.65, 2.75] };
    expect(implausibleStrikes(fs, seg0, 0.6)).toEqual([{ side: 'right', t: 1.22 }]);
    // A regular walk: nothing.
    expect(implausibleStrikes({ left: [0, 1.1, 2.2], right: [0.55, 1.65] }, seg0, 0.6)).toEqual([]);
    // Only two steps: not judged.
    expect(implausibleStrikes({ left: [0, 0.1], right: [0.6] }, seg0, 0.6)).toEqual([]);
    // The short interval spans two segments (a pause between them): not a step.
    const twoSegs = (t: number): number => (t < 2 ? 0 : 1);
    expect(implausibleStrikes({ left: [0, 1.1, 2.05, 3.15], right: [0.55, 1.6, 2.6] }, twoSegs, 0.6)).toEqual([]);
  });

  it('implausibleFootOffs: a foot off too soon after its own strike or too near its next one; none across segments or without a step', () => {
    const seg0 = (): number => 0;
    // Strides of 1.1 s (steps 0.55 s); true foot offs 0.66 s after each strike (stance 0.6).
    const fs = { left: [0, 1.1, 2.2, 3.3], right: [0.55, 1.65, 2.75] };
    const fo = { left: [0.66, 1.76, 2.86], right: [0.11, 1.21, 2.31] };
    expect(implausibleFootOffs(fs, fo, seg0, 0.35, 0.2)).toEqual([]);
    // An ankle bump 0.25 s after the left strike at 1.1 s (stance 23 %) and a right one 0.15 s before its strike at 2.75 s.
    const bumps = { left: [0.66, 1.35, 1.76, 2.86], right: [0.11, 1.21, 2.31, 2.6] };
    expect(implausibleFootOffs(fs, bumps, seg0, 0.35, 0.2)).toEqual([{ side: 'left', t: 1.35 }, { side: 'right', t: 2.6 }]);
    // The strike before the bump lies in another segment (a pause between): no stance to judge it by.
    const split = (t: number): number => (t < 1.2 ? 0 : 1);
    expect(implausibleFootOffs(fs, { left: [1.35], right: [] }, split, 0.35, 0.2)).toEqual([]);
    // No same-foot stride (a walk of 2 steps): twice the step (0.55 s) stands in for the stride: a foot off 0.2 s after
    // its strike (18 % of 1.1 s) is dropped, one 0.66 s after it kept; a lone strike (no step) judges nothing.
    expect(implausibleFootOffs({ left: [0], right: [0.55] }, { left: [0.2], right: [] }, seg0, 0.35, 0.2)).toEqual([{ side: 'left', t: 0.2 }]);
    expect(implausibleFootOffs({ left: [0], right: [0.55] }, { left: [0.66], right: [0.11] }, seg0, 0.35, 0.2)).toEqual([]);
    expect(implausibleFootOffs({ left: [0], right: [] }, { left: [0.2], right: [] }, seg0, 0.35, 0.2)).toEqual([]);
    // Two speeds in two segments (strides 0.9 s, then 2 s): each foot off judged by its own stride, none dropped.
    const twoSpeeds = { left: [0, 0.9, 1.8, 2.7, 10, 12, 14, 16], right: [0.45, 1.35, 2.25, 11, 13, 15] };
    const offsOf = (list: number[], strideS: number): number[] => list.map((t) => t + 0.62 * strideS);
    const offs2 = { left: [...offsOf([0, 0.9, 1.8], 0.9), ...offsOf([10, 12, 14], 2)], right: [...offsOf([0.45, 1.35], 0.9), ...offsOf([11, 13], 2)] };
    expect(implausibleFootOffs(twoSpeeds, offs2, (t) => (t < 5 ? 0 : 1), 0.35, 0.2)).toEqual([]);
    // The slow segment the shorter one (3 strides of 2 s after 9 of 0.9 s): a bump 0.25 of its stride after a strike is still dropped.
    const fast = [0, 0.9, 1.8, 2.7, 3.6], slow = [10, 12, 14];
    const unbalanced = { left: [...fast, ...slow], right: [...fast.map((t) => t + 0.45), ...slow.map((t) => t + 1)] };
    expect(implausibleFootOffs(unbalanced, { left: [12.5], right: [] }, (t) => (t < 5 ? 0 : 1), 0.35, 0.2)).toEqual([{ side: 'left', t: 12.5 }]);
    // A limp: steps alternate 0.35 / 0.65 of a 1.2 s stride (more long steps than short); the right swing is 0.25 of the stride: kept.
    const limp = { left: [0, 1.2, 2.4, 3.6], right: [0.78, 1.98, 3.18] };
    expect(implausibleFootOffs(limp, { left: [0.72, 1.92, 3.12], right: [0.48, 1.68, 2.88] }, seg0, 0.35, 0.2)).toEqual([]);
  });

  it('edgeStrikesInFlight: a first strike inside the other foot\'s swing making a short step; full steps, interior strikes, other segments and long gaps are left alone', () => {
    const seg0 = (): number => 0;
    // Steps of 0.55 s from the left strike at 0.75; the left foot lifts at 0.21 and lands at 0.75: a right strike read
    // at 0.35 falls in that swing and makes a 0.4 s step.
    const fs = { left: [0.75, 1.85, 2.95], right: [0.35, 1.3, 2.4] };
    const fo = { left: [0.21, 1.41, 2.51], right: [0.86, 1.96, 3.06] };
    expect(edgeStrikesInFlight(fs, fo, seg0)).toEqual([{ side: 'right', t: 0.35 }]);
    // The same strike with the left foot still on the ground (its foot off after it): kept.
    expect(edgeStrikesInFlight(fs, { ...fo, left: [0.4, 1.41, 2.51] }, seg0)).toEqual([]);
    // A true strike at 0.2 (a full 0.55 s step) with the left foot off read early at 0.15: kept.
    expect(edgeStrikesInFlight({ ...fs, right: [0.2, 1.3, 2.4] }, { ...fo, left: [0.15, 1.41, 2.51] }, seg0)).toEqual([]);
    // An interior strike in the other foot's swing: not judged here.
    expect(edgeStrikesInFlight({ left: [-0.35, 0.75, 1.85, 2.95], right: [0.35, 1.3, 2.4] }, fo, seg0)).toEqual([]);
    // The swing it falls in spans 0.9 × the stride (a missed strike, not one swing): kept.
    expect(edgeStrikesInFlight(fs, { ...fo, left: [-0.25, 1.41, 2.51] }, seg0)).toEqual([]);
    // The left foot's events lie in another segment: kept.
    expect(edgeStrikesInFlight(fs, fo, (t) => (t < 0.25 ? 0 : 1))).toEqual([]);
    // No left foot off read before the strike (the foot lifted before the data began): the walk's median swing
    // (0.44 s, the other foot offs to their strikes) puts it at 0.75 − 0.44 = 0.31, before the strike at 0.35: dropped.
    const unread = { ...fo, left: [1.41, 2.51] };
    expect(edgeStrikesInFlight(fs, unread, seg0)).toEqual([{ side: 'right', t: 0.35 }]);
    // The same with a true strike at 0.2 making a full 0.55 s step: kept; one at 0.3, before the estimated foot off
    // (a short step with the left foot still down): kept.
    expect(edgeStrikesInFlight({ ...fs, right: [0.2, 1.3, 2.4] }, unread, seg0)).toEqual([]);
    expect(edgeStrikesInFlight({ ...fs, right: [0.3, 1.3, 2.4] }, unread, seg0)).toEqual([]);
  });

  it('countSteps: steps and their span per segment; a missed strike of one foot still counts as a step', () => {
    const seg0 = (): number => 0;
    expect(countSteps({ left: [0, 1.1, 2.2], right: [0.55, 1.65] }, seg0)).toEqual({ steps: 4, spanS: 2.2, missedStrikes: 0, spansS: [[0, 2.2]] });
    // The right strike at 1.65 missed: left 1.1 → left 2.2 is two steps.
    expect(countSteps({ left: [0, 1.1, 2.2], right: [0.55] }, seg0)).toEqual({ steps: 4, spanS: 2.2, missedStrikes: 1, spansS: [[0, 2.2]] });
    // Two segments: nothing counted across them; a strike outside any segment (−1) is not counted.
    const two = (t: number): number => (t > 3 ? -1 : t < 1.5 ? 0 : 1);
    expect(countSteps({ left: [0, 1.1, 2.2, 3.3], right: [0.55, 1.65, 2.75] }, two)).toEqual({ steps: 4, spanS: 1.1 + 1.1, missedStrikes: 0, spansS: [[0, 1.1], [1.65, 2.75]] });
  });

  it('pausesBetweenSteps / splitSegmentsAtPauses: a step over 1.5 × the median splits the walk there; a missed strike (one foot twice) is no pause', () => {
    const seg0 = (): number => 0;
    const fs = { left: [0, 1.1, 3.0, 4.1], right: [0.55, 1.65, 3.55] };
    const pauses = pausesBetweenSteps(fs, seg0, 1.5);
    expect(pauses).toEqual([[1.65, 3.0]]);
    const lookup = segmentLookup(splitSegmentsAtPauses([{ startS: -1, endS: 5, startMarginS: 0.2, endMarginS: 0.2, bout: 0 }], pauses));
    expect([0, 1.65, 2.3, 3.0, 4.1].map(lookup)).toEqual([0, 0, -1, 1, 1]);
    expect(pausesBetweenSteps({ left: [0, 1.1, 2.2, 3.3], right: [0.55, 2.75] }, seg0, 1.5)).toEqual([]);
  });

  it('segmentLookup of walkSegments without gaps: the bout holding t at least edgeMarginS from both ends, else −1', () => {
    const bout = segmentLookup(walkSegments([[0, 4], [10, 12]], 0.2));
    expect([0.1, 0.2, 2, 3.8, 3.9, 9, 10.3, 11.8, 11.9, 20].map(bout)).toEqual([-1, 0, 0, 0, -1, -1, 1, 1, -1, -1]);
  });
});

describe('Cholesky least squares and floorIndex', () => {
  it('solves random symmetric positive definite systems (AᵀA + I) to 1e-9', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 64, maxLength: 64 }), (m, r) => {
        const M = new Float64Array(m * m);
        for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
          let s = a === b ? 1 : 0;
          for (let k = 0; k < 8; k++) s += (r[(k * m + a) % 64] as number) * (r[(k * m + b) % 64] as number);
          M[a * m + b] = s;
        }
        const x = Float64Array.from({ length: m }, (_, i) => (r[(i * 7) % 64] as number) + 0.5);
        const rhs = new Float64Array(m);
        for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) rhs[a] = (rhs[a] as number) + (M[a * m + b] as number) * (x[b] as number);
        const L = M.slice();
        expect(choleskyInPlace(L, m, 1e-12)).toBe(true);
        choleskySolveInPlace(L, m, rhs);
        for (let i = 0; i < m; i++) expect(Math.abs((rhs[i] as number) - (x[i] as number))).toBeLessThan(1e-9);
      }),
      { numRuns: 50 },
    );
  });

  it('says a singular matrix is singular', () => {
    expect(choleskyInPlace(Float64Array.from([1, 2, 2, 4]), 2, 1e-12)).toBe(false);
  });

  it('floorIndex: the last element ≤ t of an ascending list (−1 before the first), typed or plain', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 30 }), fc.double({ min: -10, max: 110, noNaN: true }), (raw, t) => {
        const list = [...raw].sort((a, b) => a - b);
        let ref = -1;
        for (let i = 0; i < list.length; i++) if ((list[i] as number) <= t) ref = i;
        expect(floorIndex(list, t)).toBe(ref);
        expect(floorIndex(Float64Array.from(list), t)).toBe(ref);
      }),
    );
  });
});
