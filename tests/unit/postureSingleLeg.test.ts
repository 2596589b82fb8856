import { describe, expect, it } from 'vitest';
import { analyzeSingleLeg, finishSingleLeg, SINGLE_LEG_DEFAULTS } from '../../src/kinematics/singleLeg.ts';
import { makeStandingFigure, mirrorFrameSwapLabels, type StandingFigureOptions } from '../../src/kinematics/postureSynthetic.ts';
import type { PoseFrame } from '../../src/kinematics/types.ts';

const FPS = 10;
const names = makeStandingFigure().names;

/**
 * A test: `baseS` seconds on both feet (pelvis at `basePelvisDeg`), then `holdS` seconds with
 * `lifted` foot up and the pelvis at `basePelvisDeg + liftedPelvisDeg`, then `afterS` on both feet.
 */
function session(o: { lifted: 'left' | 'right'; holdS: number; liftedPelvisDeg: number; basePelvisDeg?: number; baseS?: number; afterS?: number; view?: 'front' | 'back'; extra?: StandingFigureOptions }): PoseFrame[] {
  const { baseS = 2, afterS = 2, basePelvisDeg = 0, view = 'front' } = o;
  const frames: PoseFrame[] = [];
  const total = baseS + o.holdS + afterS;
  for (let i = 0; Math.round(i) <= Math.round(total * FPS); i++) {
    const t = i / FPS;
    const up = t >= baseS - 1e-9 && t < baseS + o.holdS - 1e-9;
    frames.push(
      makeStandingFigure({
        view,
        t,
        liftedSide: up ? o.lifted : null,
        liftBodyHeights: 0.1,
        pelvicTiltDeg: basePelvisDeg + (up ? o.liftedPelvisDeg : 0),
        ...o.extra,
      }).frame,
    );
  }
  return frames;
}
/** Pelvic tilt (+ = right higher) that drops the LIFTED side by `dropDeg`. */
const dropOf = (lifted: 'left' | 'right', dropDeg: number): number => (lifted === 'left' ? dropDeg : -dropDeg);

describe('single-leg stance test (Hardcastle & Nade 1985, with a stated 2° screening margin)', () => {
  it('detects the lifted foot, times the hold and keys the result by the stance leg', () => {
    const r = analyzeSingleLeg(session({ lifted: 'left', holdS: 12, liftedPelvisDeg: dropOf('left', -3) }), names);
    expect(r.attempts).toHaveLength(1);
    const a = r.sides.right!;
    expect(a.liftedSide).toBe('left');
    expect(a.holdS).toBeCloseTo(12, 5);
    expect(a.heldFullTime).toBe(false);
    expect(a.peakPelvicDropDeg).toBeCloseTo(-3, 5); // the lifted side rose 3°
    expect(a.positive).toBe(true); // not held 30 s
    expect(a.reasons.join(' ')).toMatch(/Held 12\.0 s of 30 s/);
    expect(r.sides.left).toBeNull();
    expect(r.baselineSource).toBe('two-leg standing');
    expect(r.rule.text).toMatch(/2°/);
    expect(r.rule.text).toMatch(/screening rule/);
  });

  it('hold boundary: 30 s with the pelvis level is negative; 29 s is positive', () => {
    const full = analyzeSingleLeg(session({ lifted: 'right', holdS: 31, liftedPelvisDeg: 0 }), names).sides.left!;
    expect(full.heldFullTime).toBe(true);
    expect(full.holdS).toBe(30);
    expect(full.positive).toBe(false);
    const short = analyzeSingleLeg(session({ lifted: 'right', holdS: 29, liftedPelvisDeg: 0 }), names).sides.left!;
    expect(short.holdS).toBeCloseTo(29, 5);
    expect(short.positive).toBe(true);
  });

  it('drop boundary: exactly 2.0° is negative, 2.5° is positive (held 30 s), both sides and views', () => {
    for (const lifted of ['left', 'right'] as const) {
      for (const view of ['front', 'back'] as const) {
        const at = analyzeSingleLeg(session({ lifted, view, holdS: 31, liftedPelvisDeg: dropOf(lifted, 2.0) }), names);
        const stance = lifted === 'left' ? 'right' : 'left';
        expect(at.sides[stance]!.peakPelvicDropDeg).toBeCloseTo(2.0, 5);
        expect(at.sides[stance]!.positive).toBe(false);
        const over = analyzeSingleLeg(session({ lifted, view, holdS: 31, liftedPelvisDeg: dropOf(lifted, 2.5) }), names);
        expect(over.sides[stance]!.peakPelvicDropDeg).toBeCloseTo(2.5, 5);
        expect(over.sides[stance]!.positive).toBe(true);
        expect(over.sides[stance]!.reasons[0]).toMatch(/dropped 2\.5°/);
      }
    }
  });

  it('the drop is measured from the two-leg baseline, so a tilted camera or standing tilt does not count', () => {
    // Standing with the right hip 4° higher (+4°); on one leg the pelvis goes to +5.5°: the lifted left side
    // dropped 1.5° relative to its two-leg level (5.5° below horizontal) → negative at the 2° margin.
    const r = analyzeSingleLeg(session({ lifted: 'left', holdS: 31, basePelvisDeg: 4, liftedPelvisDeg: 1.5 }), names);
    expect(r.baselineObliquityDeg).toBeCloseTo(4, 5);
    expect(r.sides.right!.peakPelvicDropDeg).toBeCloseTo(1.5, 5);
    expect(r.sides.right!.positive).toBe(false);
  });

  it('a one-frame spike is smoothed away; a sustained drop is not', () => {
    const frames = session({ lifted: 'left', holdS: 31, liftedPelvisDeg: 0 });
    const spiked = frames.map((f, i) => (i === 100 ? makeStandingFigure({ t: f.t, liftedSide: 'left', pelvicTiltDeg: 8 }).frame : f));
    expect(analyzeSingleLeg(spiked, names).sides.right!.positive).toBe(false);
    const sustained = frames.map((f, i) => (i >= 100 && i < 110 ? makeStandingFigure({ t: f.t, liftedSide: 'left', pelvicTiltDeg: 3 }).frame : f));
    const s = analyzeSingleLeg(sustained, names).sides.right!;
    expect(s.peakPelvicDropDeg).toBeCloseTo(3, 5);
    expect(s.positive).toBe(true);
  });

  it('short touch-downs (balance corrections under 0.5 s) do not end the hold; lifts under 0.3 s do not start one', () => {
    const frames = session({ lifted: 'right', holdS: 31, liftedPelvisDeg: 0 });
    const touched = frames.map((f, i) => (i >= 80 && i < 83 ? makeStandingFigure({ t: f.t }).frame : f)); // 0.3 s down
    const r = analyzeSingleLeg(touched, names);
    expect(r.attempts).toHaveLength(1);
    expect(r.sides.left!.heldFullTime).toBe(true);
    const blip = Array.from({ length: 40 }, (_, i) => makeStandingFigure({ t: i / FPS, liftedSide: i >= 10 && i < 12 ? 'left' : null }).frame);
    expect(analyzeSingleLeg(blip, names).attempts).toHaveLength(0);
  });

  it('an unfinished attempt is reported as still holding, and finishing it makes it a result', () => {
    const frames = session({ lifted: 'left', holdS: 10, liftedPelvisDeg: 0, afterS: 0 }).slice(0, -1);
    const live = analyzeSingleLeg(frames, names);
    expect(live.sides.right!.stillHolding).toBe(true);
    expect(live.sides.right!.positive).toBeNull();
    const done = finishSingleLeg(frames, names).sides.right!;
    expect(done.stillHolding).toBe(false);
    expect(done.positive).toBe(true);
    expect(done.reasons.join(' ')).toMatch(/Stopped after/);
  });

  it('mirroring the image and swapping labels swaps the sides and nothing else', () => {
    const frames = session({ lifted: 'left', holdS: 15, liftedPelvisDeg: dropOf('left', 3), extra: { trunkShiftBodyHeights: 0 } });
    const a = analyzeSingleLeg(frames, names);
    const b = analyzeSingleLeg(frames.map((f) => mirrorFrameSwapLabels(f, names, 1000)), names);
    expect(b.sides.left).toMatchObject({ liftedSide: 'right', holdS: a.sides.right!.holdS, positive: a.sides.right!.positive });
    expect(b.sides.left!.peakPelvicDropDeg).toBeCloseTo(a.sides.right!.peakPelvicDropDeg!, 6);
    expect(b.sides.right).toBeNull();
  });

  it('tracks trunk lean toward the stance side', () => {
    // Lifting the right foot, trunk shifted 0.03 body heights toward the left (the stance side).
    const frames = session({ lifted: 'right', holdS: 5, liftedPelvisDeg: 0 }).map((f) => f);
    const leaning = frames.map((f) => {
      const up = f.t >= 2 - 1e-9 && f.t < 7 - 1e-9;
      return up ? makeStandingFigure({ t: f.t, liftedSide: 'right', trunkShiftBodyHeights: -0.03 }).frame : f;
    });
    const lean = analyzeSingleLeg(leaning, names).sides.left!.peakTrunkLeanTowardStanceDeg!;
    // shift 0.03 over a hip→shoulder height of 0.288 → atan(0.03/0.288) ≈ 5.9°.
    expect(lean).toBeCloseTo((Math.atan(0.03 / 0.288) * 180) / Math.PI, 3);
  });

  it('without two-leg frames it measures against horizontal and says so', () => {
    const frames = Array.from({ length: 50 }, (_, i) => makeStandingFigure({ t: i / FPS, liftedSide: 'left', pelvicTiltDeg: 1 }).frame);
    const r = analyzeSingleLeg(frames, names);
    expect(r.baselineSource).toBe('horizontal');
    expect(r.sides.right!.peakPelvicDropDeg).toBeCloseTo(1, 5);
  });

  it('defaults are the stated rule', () => {
    expect(SINGLE_LEG_DEFAULTS).toMatchObject({ maxHoldS: 30, dropThresholdDeg: 2 });
  });
});
