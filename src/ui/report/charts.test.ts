import { describe, expect, it } from 'vitest';
import type { ReportExtra } from '../../kinematics/types.ts';
import { kneeCycleSpec, pelvicObliquitySpec, stepLengthSpec, stepTimeSpec } from './charts.ts';
import { normalKneeFlexionDeg } from './normal-curves.ts';
import { sampleGaitReport } from './sample-report.ts';
import { M_PER_IN } from './units.ts';

/** A frontal report whose pelvis tilts as a 1 Hz sine of ±4° around +1° (right hip higher on average). */
function frontalReport() {
  const base = sampleGaitReport();
  const extra = base.extra as unknown as ReportExtra;
  const tS = Array.from({ length: 121 }, (_, i) => i / 30);
  const obliq = tS.map((t) => 1 + 4 * Math.sin(2 * Math.PI * t));
  return sampleGaitReport({
    view: 'frontal',
    events: { left: { footStrikeS: [0.25, 1.25], footOffS: [] }, right: { footStrikeS: [0.75, 1.75], footOffS: [] } },
    extra: { ...extra, series: { ...extra.series, tS, pelvicObliquityDeg: obliq }, kneeFlexionCycle: null, steps: [] } as unknown as Record<string, unknown>,
  });
}

describe('report charts', () => {
  it('pelvic obliquity: caption and table read from the series, band around the trial mean', () => {
    const spec = pelvicObliquitySpec(frontalReport());
    expect(spec.unavailable).toBeNull();
    expect(spec.caption).toContain('from -3.0° to 5.0°');
    expect(spec.caption).toContain('trial mean 1.0°');
    expect(spec.caption).toContain('2 left and 2 right foot strikes');
    // Strikes in time order; at t = 0.25 s sin = 1 → 5°, at 0.75 s → −3°.
    expect(spec.table?.rows).toEqual([
      ['Left', '0.25', '5.0'],
      ['Right', '0.75', '-3.0'],
      ['Left', '1.25', '5.0'],
      ['Right', '1.75', '-3.0'],
    ]);
    const ds = spec.config!.data.datasets;
    const upper = ds[1]!.data as { y: number }[];
    expect(upper[0]!.y).toBeCloseTo(1 + 4.5, 6); // mean + half of the 9° normal range
  });

  it('says why a chart is missing instead of drawing nothing', () => {
    expect(pelvicObliquitySpec(sampleGaitReport()).unavailable).toMatch(/front or from behind/);
    const f = frontalReport();
    expect(kneeCycleSpec(f).unavailable).toMatch(/filmed from the side/);
    expect(stepLengthSpec(f, 'metric').unavailable).toMatch(/filmed from the side/);
    expect(stepTimeSpec(f).config).toBeNull();
  });

  it('knee cycle: peaks per side and a 0–100 % table against the normal band', () => {
    const spec = kneeCycleSpec(sampleGaitReport());
    expect(spec.caption).toContain("Left: swing peak 59.5° (mean of 4 strides' peaks, as in the table)");
    expect(spec.caption).toContain('Right: swing peak 51.5°');
    expect(spec.caption).not.toContain('averaged curve');
    expect(spec.table?.rows.map((r) => r[0])).toEqual(['0', '10', '20', '30', '40', '50', '60', '70', '80', '90', '100']);
    expect(normalKneeFlexionDeg(73)).toBe(60);
    expect(normalKneeFlexionDeg(0)).toBe(5);
    expect(spec.table?.rows[0]?.[3]).toBe('-2–12');
  });

  it('knee cycle: the caption gives the table\'s peak, and says why the averaged curve peaks lower when it does', () => {
    const r = sampleGaitReport();
    const m = r.metrics.kneeFlexionPeakSwingDeg as NonNullable<typeof r.metrics.kneeFlexionPeakSwingDeg>;
    r.metrics.kneeFlexionPeakSwingDeg = { ...m, left: { mean: 70.2, sd: 5, n: 7 } };
    const spec = kneeCycleSpec(r);
    expect(spec.caption).toMatch(/Left: swing peak 70\.2° \(mean of 7 strides' peaks, as in the table\); the averaged curve peaks at 59\.5°, lower because/);
  });

  it('step charts: one row per step, lengths converted for display only', () => {
    const r = sampleGaitReport();
    const metric = stepLengthSpec(r, 'metric');
    const imperial = stepLengthSpec(r, 'imperial');
    expect(metric.table?.rows).toHaveLength(9);
    const first = metric.table!.rows[0]!;
    expect(first[1]).toBe('Right');
    expect(Number(imperial.table!.rows[0]![3])).toBeCloseTo(Number(first[3]) / M_PER_IN, 0);
    expect(imperial.table?.headers[3]).toBe('Step length (in)');
    expect(stepTimeSpec(r).caption).toMatch(/Left mean 0\.54 s; Right mean 0\.54 s/);
  });
});
