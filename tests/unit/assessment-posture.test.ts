import { describe, expect, it } from 'vitest';
import {
  POSTURE_MEASURE_IDS,
  POSTURE_NORMS,
  assessPostureMeasure,
  postureExercises,
  singleLegStanceTest,
  exerciseById,
  type PostureMeasureId,
} from '../../src/assessment/index.ts';

const EPS = 0.01;

describe('posture measures against their norms', () => {
  const symmetric: [PostureMeasureId, number][] = [
    ['shoulderLevelDeg', 3],
    ['pelvicLevelDeg', 3],
    ['headTiltDeg', 4],
    ['trunkShiftBodyHeights', 0.02],
    ['trunkForwardLeanDeg', 5],
  ];
  for (const [id, limit] of symmetric) {
    it(`${id}: within at ±${limit}, outside just beyond`, () => {
      expect(assessPostureMeasure(id, limit).within).toBe(true);
      expect(assessPostureMeasure(id, -limit).within).toBe(true);
      expect(assessPostureMeasure(id, limit - limit / 100).within).toBe(true);
      const out = id === 'trunkShiftBodyHeights' ? limit + 0.001 : limit + EPS;
      expect(assessPostureMeasure(id, out).within).toBe(false);
      expect(assessPostureMeasure(id, -out).within).toBe(false);
    });
  }
  it('forward head: 48° or more is within (Lau et al. 2009), below is forward head', () => {
    const at = assessPostureMeasure('forwardHeadDeg', 48);
    expect(at.within).toBe(true);
    expect(at.source).toContain('Lau');
    const below = assessPostureMeasure('forwardHeadDeg', 48 - EPS);
    expect(below.within).toBe(false);
    expect(below.finding).toMatch(/head sits forward/);
  });
  it('knee FPPA uses the sex-specific upper limit (Herrington & Munro 2010)', () => {
    expect(assessPostureMeasure('kneeFppaDeg', 10, { sex: 'female' }).within).toBe(true);
    expect(assessPostureMeasure('kneeFppaDeg', 10, { sex: 'male' }).within).toBe(false);
    expect(assessPostureMeasure('kneeFppaDeg', 12 + EPS).within).toBe(false);
  });
  it('names the higher side from the sign (+ = right higher)', () => {
    expect(assessPostureMeasure('shoulderLevelDeg', 4.2).finding).toBe('Your right shoulder sits higher than your left by 4.2° (within ±3° is usual).');
    expect(assessPostureMeasure('pelvicLevelDeg', -5).finding).toMatch(/^Your left hip sits higher than your right by 5.0°/);
  });
  it('every measure has a norm text and a source or screening rule', () => {
    for (const id of POSTURE_MEASURE_IDS) {
      const a = assessPostureMeasure(id, 0.5);
      expect(a.norm.length, id).toBeGreaterThan(3);
      expect(a.source, id).toMatch(/Screening rule|Source:/);
      expect(a.finding.length, id).toBeGreaterThan(15);
    }
    expect(POSTURE_NORMS.length).toBeGreaterThanOrEqual(POSTURE_MEASURE_IDS.length);
  });
  it('rejects a missing value instead of judging it', () => {
    expect(() => assessPostureMeasure('headTiltDeg', Number.NaN)).toThrow(/headTiltDeg/);
  });
});

describe('single-leg stance (Trendelenburg) rule, Hardcastle & Nade 1985', () => {
  const base = { stanceSide: 'left' as const, peakDropDeg: 0, holdS: 30 };
  it('negative when the pelvis stays level for 30 s', () => {
    const r = singleLegStanceTest(base);
    expect(r.positive).toBe(false);
    expect(r.finding).toMatch(/negative/);
    expect(r.source).toContain('Hardcastle');
  });
  it('drop boundary: 2° tolerance', () => {
    expect(singleLegStanceTest({ ...base, peakDropDeg: 2 }).positive).toBe(false);
    expect(singleLegStanceTest({ ...base, peakDropDeg: 1.99 }).positive).toBe(false);
    const r = singleLegStanceTest({ ...base, peakDropDeg: 2.01 });
    expect(r.positive).toBe(true);
    expect(r.pelvisDropped).toBe(true);
    expect(r.finding).toMatch(/right hip dropped 2.0°/);
  });
  it('hold boundary: 30 s', () => {
    expect(singleLegStanceTest({ ...base, holdS: 30.5 }).positive).toBe(false);
    const r = singleLegStanceTest({ ...base, holdS: 29.99 });
    expect(r.positive).toBe(true);
    expect(r.heldFullTime).toBe(false);
  });
  it('reports trunk lean over the stance leg as compensation', () => {
    expect(singleLegStanceTest({ ...base, peakTrunkLeanTowardStanceDeg: 5 }).compensated).toBe(false);
    const r = singleLegStanceTest({ ...base, peakTrunkLeanTowardStanceDeg: 7 });
    expect(r.compensated).toBe(true);
    expect(r.finding).toMatch(/hide a hip drop/);
  });
});

describe('posture findings → exercises', () => {
  it('maps forward head to chin tucks, a positive single-leg test to hip abductor work', () => {
    expect(postureExercises([{ id: 'forwardHeadDeg', within: false }])[0]).toBe('chin-tuck');
    const ids = postureExercises([{ id: 'shoulderLevelDeg', within: true }], [{ positive: true, compensated: false }]);
    expect(ids[0]).toBe('side-lying-hip-abduction');
    expect(ids).not.toContain('education-standing-posture'); // the within measure adds nothing
  });
  it('is empty when all is within, de-duplicated and capped otherwise', () => {
    expect(postureExercises(POSTURE_MEASURE_IDS.map((id) => ({ id, within: true })))).toEqual([]);
    const all = postureExercises(POSTURE_MEASURE_IDS.map((id) => ({ id, within: false })), [{ positive: true, compensated: true }], 6);
    expect(all.length).toBe(6);
    expect(new Set(all).size).toBe(6);
    for (const id of all) expect(() => exerciseById(id)).not.toThrow();
  });
});
