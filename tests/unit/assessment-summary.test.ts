import { describe, expect, it } from 'vitest';
import { sampleReport, stat } from '../../src/assessment/fixtures.ts';
import { flagReport, normRange, normText, summarise } from '../../src/assessment/index.ts';
import { UNRELIABLE_LEGS_WARNING, VIEW_MISMATCH_WARNING } from '../../src/kinematics/conventions.ts';

const WITHIN = 'Within the usual range';
const ABOVE = 'Above the usual range but not a concern on its own';
const BELOW = 'Below the usual range but not a concern on its own';

describe('summary: within the usual range means inside the range the table shows', () => {
  it('hip extension 24°/22° (table range 10–20°, flag checks only below) is not "within": it is said to be above', () => {
    const r = sampleReport({ hipExtensionPeakDeg: { left: stat(24.4, 3), right: stat(22.2, 3) } });
    const flags = flagReport(r);
    expect(flags.filter((f) => f.metric === 'hipExtensionPeakDeg')).toEqual([]);
    expect(normText('hipExtensionPeakDeg')).toBe('10–20');
    const lines = summarise(r, flags);
    const within = lines.find((l) => l.startsWith(WITHIN));
    expect(within).toBeDefined();
    expect(within).not.toContain('thigh goes behind you');
    expect(lines).toContain(`${ABOVE}: how far the thigh goes behind you at the end of each step (left 24.4°, right 22.2°).`);
    expect(lines).not.toContain('Nothing this app checks was outside the usual range.');
    expect(lines).toContain('Nothing this app checks needs attention.');
  });

  it('one side inside and one side above: each side is put where it belongs', () => {
    const r = sampleReport({ hipExtensionPeakDeg: { left: stat(18, 2), right: stat(21, 2) } });
    const lines = summarise(r, flagReport(r));
    expect(lines.find((l) => l.startsWith(WITHIN))).toMatch(/thigh goes behind you at the end of each step \(left 18\.0°\)/);
    expect(lines.find((l) => l.startsWith(ABOVE))).toMatch(/thigh goes behind you at the end of each step \(right 21\.0°\)/);
  });

  it('bounds of the range count as within; a value below an above-only range is said to be below', () => {
    const r = sampleReport({ hipExtensionPeakDeg: { left: stat(10, 2), right: stat(20, 2) }, trunkLateralLeanDeg: { left: stat(-1.5, 1), right: stat(2, 1) } });
    const lines = summarise(r, flagReport(r));
    expect(lines.find((l) => l.startsWith(WITHIN))).toMatch(/thigh goes behind you at the end of each step \(left 10\.0°, right 20\.0°\)/);
    expect(lines).toContain(`${BELOW}: leaning the upper body sideways over the standing leg (left -1.5°).`);
    expect(lines.find((l) => l.startsWith(WITHIN))).toContain('leaning the upper body sideways over the standing leg (right 2.0°)');
  });

  it('the range is the one the table uses: cadence by age and sex, none without age', () => {
    expect(normRange('cadenceStepsPerMin')).toBeNull();
    expect(normRange('cadenceStepsPerMin', { ageYears: 30, sex: 'female' })).toEqual({ min: 98, max: 138 });
    expect(normText('cadenceStepsPerMin', { ageYears: 30, sex: 'female' })).toBe('98–138');
    expect(normRange('stepLengthSymmetryRatio')).toEqual({ min: 1, max: 1.08 });
    const r = sampleReport({ cadenceStepsPerMin: { value: 140 } });
    const lines = summarise(r, flagReport(r, { ageYears: 30, sex: 'female' }), { ageYears: 30, sex: 'female' });
    expect(lines.find((l) => l.startsWith(ABOVE))).toContain('steps per minute (140.0 steps/min)');
    expect(lines.find((l) => l.startsWith(WITHIN))).not.toContain('steps per minute');
  });

  it('a typical report: everything within, nothing outside', () => {
    const lines = summarise(sampleReport(), []);
    expect(lines).toContain('Nothing this app checks was outside the usual range.');
    expect(lines.some((l) => l.startsWith(ABOVE) || l.startsWith(BELOW))).toBe(false);
  });
});

describe('summary: only the notes that matter to the reader', () => {
  const noisyWarnings = [
    'rejected 142 outlier keypoint(s)',
    'pattern-filled 14 keypoint gap(s) from other gait cycles (same leg a stride away or the other leg half a stride away)',
    'kneeFlexionPeakSwingDeg: partly IMPUTED for 1 swing(s) by a local polynomial',
    'stepLengthM needs subject.heightM',
    'cadenceStepsPerMin needs at least two foot strikes away from the ends of a walking bout',
    'contralateralPelvicDropDeg needs a frontal view',
    'pelvicObliquityRangeDeg needs a frontal view',
    'lateralPelvicTiltDeg needs a frontal view',
    'trunkLateralLeanDeg needs a frontal view',
  ];

  it('side view: technical notes and identifiers stay out; this view\'s "could not be measured" lines stay; front-view ones become one line', () => {
    const r = sampleReport({}, { quality: { framesAnalysed: 300, meanFps: 30, keypointCoverageFraction: 0.95, warnings: noisyWarnings } });
    const lines = summarise(r, []);
    expect(lines.some((l) => l.startsWith('Note from the analysis'))).toBe(false);
    expect(lines.some((l) => /[a-z][A-Z][a-z]+(Deg|M|S|Mps)\b/.test(l))).toBe(false); // no camelCase metric ids
    expect(lines).toContain('Step length could not be measured: it needs the person’s height (enter it to get metres).');
    expect(lines).toContain('Cadence could not be measured: it needs at least two foot strikes away from the ends of a walking bout.');
    expect(lines.filter((l) => l.includes('front'))).toEqual(['Hip drop, pelvic tilt and trunk lean are measured only on a walk filmed from the front or from behind.']);
  });

  it('front view: side-view metrics become one line; front-view "could not be measured" lines stay', () => {
    const r = sampleReport({}, {
      view: 'frontal',
      quality: { framesAnalysed: 300, meanFps: 30, keypointCoverageFraction: 0.95, warnings: ['kneeFlexionPeakSwingDeg needs a sagittal view', 'gaitSpeedMps needs a sagittal view', 'pelvicObliquityRangeDeg needs a whole stride with both hips visible'] },
    });
    const lines = summarise(r, []);
    expect(lines).toContain('Pelvic obliquity range could not be measured: it needs more complete steps in the recording.');
    expect(lines).toContain('Step length, walking speed, knee bend and hip extension are measured only on a walk filmed from the side.');
    expect(lines.some((l) => l.startsWith('Peak knee flexion in swing could not'))).toBe(false);
  });

  it('no "needs" warning for the other view: no other-view line', () => {
    const lines = summarise(sampleReport(), []);
    expect(lines.some((l) => l.includes('measured only on a walk'))).toBe(false);
  });

  it('low coverage and low frame rate are kept', () => {
    const r = sampleReport({}, { quality: { framesAnalysed: 100, meanFps: 12, keypointCoverageFraction: 0.6, warnings: noisyWarnings } });
    const lines = summarise(r, []);
    expect(lines.some((l) => l.includes('60% seen'))).toBe(true);
    expect(lines.some((l) => l.includes('12 frames per second'))).toBe(true);
  });

  it('the wrong assessment type is said first, in plain words, before the unreliable-legs caution', () => {
    const warnings = [
      `${VIEW_MISMATCH_WARNING} front or back view (hips and shoulders wide apart), but the report was made for a side view`,
      `${UNRELIABLE_LEGS_WARNING}: 9 of 30 gait events implausible`,
      'rejected 3 outlier keypoint(s)',
    ];
    const r = sampleReport({}, { quality: { framesAnalysed: 300, meanFps: 30, keypointCoverageFraction: 0.95, warnings } });
    const lines = summarise(r, []);
    expect(lines[0]).toMatch(/^Caution: the assessment type chosen does not match how the walk was filmed, so the results below may be wrong\. Check the assessment type/);
    expect(lines[1]).toMatch(/^Caution: the left and right legs were not tracked reliably in this recording \(9 of 30 /);
    expect(lines.filter((l) => l.includes(VIEW_MISMATCH_WARNING) || l.includes('outlier'))).toEqual([]);
    // Without the warning, no such caution.
    expect(summarise(sampleReport(), []).some((l) => l.includes('assessment type'))).toBe(false);
  });
});
