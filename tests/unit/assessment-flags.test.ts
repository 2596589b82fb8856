import { describe, expect, it } from 'vitest';
import type { Flag, GaitReport, ReportMetrics } from '../../src/kinematics/types.ts';
import { nullMetrics, sampleReport, stat } from '../../src/assessment/fixtures.ts';
import { FLAG_IDS, flagReport, severityFor, ageSexNorm, norm, assess } from '../../src/assessment/index.ts';

const EPS = 0.01;

interface Case {
  id: string;
  side: 'left' | 'right' | null;
  threshold: number;
  direction: 'above' | 'below';
  make: (v: number) => Partial<ReportMetrics>;
  ctx?: { ageYears?: number; sex?: 'female' | 'male' | 'other' };
}

const cases: Case[] = [
  { id: 'contralateral-pelvic-drop', side: 'left', threshold: 6, direction: 'above', make: (v) => ({ contralateralPelvicDropDeg: { left: stat(v), right: stat(4) } }) },
  { id: 'contralateral-pelvic-drop', side: 'right', threshold: 6, direction: 'above', make: (v) => ({ contralateralPelvicDropDeg: { left: stat(4), right: stat(v) } }) },
  { id: 'pelvic-drop-asymmetry', side: 'right', threshold: 3, direction: 'above', make: (d) => ({ contralateralPelvicDropDeg: { left: stat(1), right: stat(1 + d) } }) },
  { id: 'trunk-lateral-lean', side: 'left', threshold: 5, direction: 'above', make: (v) => ({ trunkLateralLeanDeg: { left: stat(v), right: stat(2) } }) },
  { id: 'trunk-lateral-lean', side: 'right', threshold: 5, direction: 'above', make: (v) => ({ trunkLateralLeanDeg: { left: stat(2), right: stat(v) } }) },
  { id: 'step-length-asymmetry', side: 'left', threshold: 1.08, direction: 'above', make: (v) => ({ stepLengthSymmetryRatio: { value: v }, stepLengthM: { left: stat(0.55), right: stat(0.6) } }) },
  { id: 'stance-time-asymmetry', side: 'right', threshold: 1.05, direction: 'above', make: (v) => ({ stanceTimeSymmetryRatio: { value: v }, stanceFraction: { left: stat(0.64), right: stat(0.6) } }) },
  { id: 'reduced-hip-extension', side: 'left', threshold: 10, direction: 'below', make: (v) => ({ hipExtensionPeakDeg: { left: stat(v), right: stat(15) } }) },
  { id: 'reduced-hip-extension', side: 'right', threshold: 10, direction: 'below', make: (v) => ({ hipExtensionPeakDeg: { left: stat(15), right: stat(v) } }) },
  { id: 'reduced-knee-flexion-swing', side: 'left', threshold: 55, direction: 'below', make: (v) => ({ kneeFlexionPeakSwingDeg: { left: stat(v), right: stat(60) } }) },
  { id: 'reduced-knee-flexion-swing', side: 'right', threshold: 55, direction: 'below', make: (v) => ({ kneeFlexionPeakSwingDeg: { left: stat(60), right: stat(v) } }) },
  // Bohannon & Andrews 2011: women 40-49 mean 1.390 m/s → 85% = 1.182 (rounded to mm/s).
  { id: 'slow-gait-speed', side: null, threshold: 1.182, direction: 'below', make: (v) => ({ gaitSpeedMps: { value: v } }), ctx: { ageYears: 45, sex: 'female' } },
  // Whittle: men 18-49, 91-135 steps/min.
  { id: 'slow-cadence', side: null, threshold: 91, direction: 'below', make: (v) => ({ cadenceStepsPerMin: { value: v } }), ctx: { ageYears: 30, sex: 'male' } },
  { id: 'lateral-pelvic-tilt', side: 'right', threshold: 3, direction: 'above', make: (v) => ({ lateralPelvicTiltDeg: { value: v } }) },
  { id: 'lateral-pelvic-tilt', side: 'left', threshold: 3, direction: 'above', make: (v) => ({ lateralPelvicTiltDeg: { value: -v } }) },
];

function flagsOf(metrics: Partial<ReportMetrics>, ctx: Case['ctx'] = {}): Flag[] {
  return flagReport(sampleReport(metrics), ctx);
}

describe('flag rules at, just inside and just beyond their thresholds', () => {
  it('covers every flag id', () => {
    expect(new Set(cases.map((c) => c.id))).toEqual(new Set(FLAG_IDS));
  });
  for (const c of cases) {
    const beyond = c.direction === 'above' ? c.threshold + EPS : c.threshold - EPS;
    const inside = c.direction === 'above' ? c.threshold - EPS : c.threshold + EPS;
    it(`${c.id} (${c.side ?? 'no side'}): ${c.direction} ${c.threshold}`, () => {
      expect(flagsOf(c.make(c.threshold), c.ctx).filter((f) => f.id === c.id)).toEqual([]);
      expect(flagsOf(c.make(inside), c.ctx).filter((f) => f.id === c.id)).toEqual([]);
      const hit = flagsOf(c.make(beyond), c.ctx).filter((f) => f.id === c.id);
      expect(hit).toHaveLength(1);
      const f = hit[0] as Flag;
      expect(f.severity).toBe('mild');
      expect(f.side).toBe(c.side);
      expect(f.threshold).toBeCloseTo(c.threshold, 6);
      expect(f.finding.length).toBeGreaterThan(30);
      expect(f.source.length).toBeGreaterThan(20);
    });
  }
});

describe('severity bands', () => {
  it('pelvic drop: 6 / 8 / 10', () => {
    const sev = (v: number) => flagsOf({ contralateralPelvicDropDeg: { left: stat(v), right: null } }).find((f) => f.id === 'contralateral-pelvic-drop')?.severity;
    expect(sev(7.99)).toBe('mild');
    expect(sev(8.01)).toBe('moderate');
    expect(sev(10)).toBe('moderate');
    expect(sev(10.01)).toBe('marked');
  });
  it('knee flexion: 55 / 50 / 40 (below)', () => {
    const sev = (v: number) => flagsOf({ kneeFlexionPeakSwingDeg: { left: stat(v), right: null } }).find((f) => f.id === 'reduced-knee-flexion-swing')?.severity;
    expect(sev(50)).toBe('mild');
    expect(sev(49.99)).toBe('moderate');
    expect(sev(40)).toBe('moderate');
    expect(sev(39.99)).toBe('marked');
  });
  it('speed: moderate below 1.0 m/s, marked below 0.8 m/s', () => {
    const sev = (v: number) => flagsOf({ gaitSpeedMps: { value: v } }, { ageYears: 45, sex: 'female' })[0]?.severity;
    expect(sev(1.0)).toBe('mild');
    expect(sev(0.99)).toBe('moderate');
    expect(sev(0.79)).toBe('marked');
  });
  it('severityFor rejects non-finite values', () => {
    expect(severityFor(Number.NaN, { mild: 1, moderate: 2, marked: 3 }, 'above')).toBeNull();
  });
});

describe('what never flags', () => {
  it('a report whose metrics are all null', () => {
    const r: GaitReport = sampleReport();
    r.metrics = nullMetrics();
    expect(flagReport(r, { ageYears: 90, sex: 'female' })).toEqual([]);
  });
  it('a side with n = 0, and speed/cadence without age', () => {
    expect(flagsOf({ contralateralPelvicDropDeg: { left: stat(20, 1, 0), right: null } })).toEqual([]);
    expect(flagsOf({ gaitSpeedMps: { value: 0.3 }, cadenceStepsPerMin: { value: 50 } })).toEqual([]);
  });
  it('a side with a single step (no spread to judge it by); two steps are enough', () => {
    expect(flagsOf({ kneeFlexionPeakSwingDeg: { left: stat(30, 0, 1), right: stat(60) } })).toEqual([]);
    expect(flagsOf({ hipExtensionPeakDeg: { left: stat(15), right: stat(-3, 0, 1) } })).toEqual([]);
    expect(flagsOf({ contralateralPelvicDropDeg: { left: stat(12, 0, 1), right: stat(2) } })).toEqual([]); // neither drop nor difference
    expect(flagsOf({ kneeFlexionPeakSwingDeg: { left: stat(30, 1, 2), right: stat(60) } }).map((f) => `${f.id}:${f.side}`)).toEqual(['reduced-knee-flexion-swing:left']);
  });
  it('the typical sample report', () => {
    expect(flagReport(sampleReport())).toEqual([]);
  });
});

describe('age/sex norms', () => {
  it('picks Bohannon & Andrews means by decade and sex', () => {
    expect(ageSexNorm('gaitSpeedMps', 45, 'male')?.mean).toBeCloseTo(1.434, 3);
    expect(ageSexNorm('gaitSpeedMps', 85, 'female')?.mean).toBeCloseTo(0.943, 3);
    // sex unknown → the more lenient (lower threshold) of the two
    expect(ageSexNorm('gaitSpeedMps', 45)?.id).toBe('gait-speed-female-40-49');
    expect(ageSexNorm('gaitSpeedMps', 10, 'male')).toBeNull();
  });
  it('a slow 85-year-old woman is judged against her own norm, not a young adult’s', () => {
    expect(flagsOf({ gaitSpeedMps: { value: 0.85 } }, { ageYears: 85, sex: 'female' })).toEqual([]);
    expect(flagsOf({ gaitSpeedMps: { value: 0.85 } }, { ageYears: 35, sex: 'female' }).map((f) => f.id)).toEqual(['slow-gait-speed']);
  });
});

describe('flag texts and ordering', () => {
  it('says "screening rule" in the source when the norm is one, and cites Patterson when it is not', () => {
    const drop = flagsOf({ contralateralPelvicDropDeg: { left: stat(7), right: null } })[0] as Flag;
    expect(drop.source).toMatch(/^Screening rule/);
    expect(drop.source).toContain('Bramah');
    const asym = flagsOf({ stepLengthSymmetryRatio: { value: 1.2 } })[0] as Flag;
    expect(asym.source).not.toMatch(/Screening rule/);
    expect(asym.source).toContain(norm('step-length-asymmetry').source as string);
  });
  it('every source already says "Source:" or "Screening rule" itself, once (the report shows it as is)', () => {
    const r = sampleReport({
      contralateralPelvicDropDeg: { left: stat(12), right: stat(3) },
      trunkLateralLeanDeg: { left: stat(13), right: stat(2) },
      stepLengthSymmetryRatio: { value: 1.3 },
      stanceTimeSymmetryRatio: { value: 1.3 },
      hipExtensionPeakDeg: { left: stat(-2), right: stat(12) },
      kneeFlexionPeakSwingDeg: { left: stat(30), right: stat(58) },
      gaitSpeedMps: { value: 0.5 },
      cadenceStepsPerMin: { value: 60 },
      lateralPelvicTiltDeg: { value: 9 },
    });
    const flags = flagReport(r, { ageYears: 70, sex: 'female' });
    expect(new Set(flags.map((f) => f.id))).toEqual(new Set(FLAG_IDS));
    for (const f of flags) {
      expect(f.source, f.id).toMatch(/^(Source: |Screening rule, not a published cut-off: )/);
      expect(f.source.match(/Source:/g)?.length ?? 0, f.id).toBeLessThanOrEqual(1);
    }
  });
  it('a per-side finding says how many steps it averages, and "borderline" when the miss is within their standard error', () => {
    // Review 9: 54.1° against 55° (a 0.9° miss) from 4 swings with SD 11.9° (standard error 6°).
    const shaky = flagsOf({ kneeFlexionPeakSwingDeg: { left: stat(54.1, 11.9, 4), right: stat(60) } })[0] as Flag;
    expect(shaky.severity).toBe('mild');
    expect(shaky.finding).toMatch(/This is borderline: it is the average of 4 steps on that leg, which varied by ±11\.9°/);
    expect(shaky.extra).toMatchObject({ n: 4, sd: 11.9, borderline: true });
    // The same miss from 10 steady swings (standard error 0.16°) is not borderline.
    const steady = flagsOf({ kneeFlexionPeakSwingDeg: { left: stat(54.1, 0.5, 10), right: stat(60) } })[0] as Flag;
    expect(steady.finding).not.toMatch(/borderline/);
    expect(steady.finding).toMatch(/Average of 10 steps on that leg\.$/);
    expect(steady.extra).toMatchObject({ n: 10, borderline: false });
    // A clear miss with a wide spread is not borderline either: 35° is 20° below, the standard error 6°.
    expect((flagsOf({ kneeFlexionPeakSwingDeg: { left: stat(35, 11.9, 4), right: stat(60) } })[0] as Flag).extra).toMatchObject({ borderline: false });
    // The drop difference uses the standard error of a difference of two means.
    const asym = flagsOf({ contralateralPelvicDropDeg: { left: stat(1, 2, 3), right: stat(4.5, 2, 3) } }).find((f) => f.id === 'pelvic-drop-asymmetry') as Flag;
    expect(asym.finding).toMatch(/borderline: it compares 3 left and 3 right steps/);
    const asymSure = flagsOf({ contralateralPelvicDropDeg: { left: stat(1, 0.3, 8), right: stat(4.5, 0.3, 8) } }).find((f) => f.id === 'pelvic-drop-asymmetry') as Flag;
    expect(asymSure.finding).toMatch(/Averages of 8 left and 8 right steps\.$/);
  });
  it('pelvic drop finding names the stance leg and the dropping side', () => {
    const f = flagsOf({ contralateralPelvicDropDeg: { left: null, right: stat(7.9) } })[0] as Flag;
    expect(f.finding).toContain('stand on your right leg');
    expect(f.finding).toContain('left side of your pelvis drops 7.9°');
  });
  it('orders marked before mild, and the side of concern first among equals', () => {
    const r = sampleReport({ contralateralPelvicDropDeg: { left: stat(6.5), right: stat(6.6) }, kneeFlexionPeakSwingDeg: { left: stat(30), right: stat(58) } });
    const a = flagReport(r, { sideOfConcern: 'left' });
    expect(a[0]?.id).toBe('reduced-knee-flexion-swing');
    expect(a.slice(1).map((f) => `${f.id}:${f.side}`)).toEqual(['contralateral-pelvic-drop:left', 'contralateral-pelvic-drop:right']);
    const b = flagReport(r, { sideOfConcern: 'right' });
    expect(b.slice(1).map((f) => f.side)).toEqual(['right', 'left']);
  });
  it('assess() fills flags and catalogue exercises without touching the report', () => {
    const r = sampleReport({ contralateralPelvicDropDeg: { left: stat(9), right: stat(4) } });
    const before = JSON.stringify(r);
    const { flags, exercises } = assess(r);
    expect(JSON.stringify(r)).toBe(before);
    expect(flags.map((f) => f.id)).toEqual(['contralateral-pelvic-drop', 'pelvic-drop-asymmetry']);
    expect(exercises.map((e) => e.id)).toContain('side-lying-hip-abduction');
    expect(exercises.every((e) => e.dose.length > 0)).toBe(true);
  });
});
