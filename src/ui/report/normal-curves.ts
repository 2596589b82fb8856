/**
 * Approximate normal knee flexion over the gait cycle, for the chart's reference band.
 * Key points of the typical adult curve in Perry & Burnfield, Gait Analysis (2nd ed., 2010):
 * ≈5° at initial contact, ≈18° loading-response peak, ≈5° in mid/terminal stance,
 * ≈40° at toe off, ≈60° peak in initial swing, back to ≈5° at the end of swing.
 */

/** Cycle % and knee flexion (degrees) of the typical curve; linear between points. Don't reorder. */
export const NORMAL_KNEE_FLEXION_POINTS: readonly { cyclePct: number; kneeFlexionDeg: number }[] = Object.freeze([
  { cyclePct: 0, kneeFlexionDeg: 5 },
  { cyclePct: 14, kneeFlexionDeg: 18 },
  { cyclePct: 40, kneeFlexionDeg: 5 },
  { cyclePct: 50, kneeFlexionDeg: 10 },
  { cyclePct: 62, kneeFlexionDeg: 40 },
  { cyclePct: 73, kneeFlexionDeg: 60 },
  { cyclePct: 87, kneeFlexionDeg: 30 },
  { cyclePct: 100, kneeFlexionDeg: 5 },
]);

/** Half-width of the band, degrees: about one SD of lab data (≈5°) plus margin for 2D video (Stenum et al. 2021: 4–6°). */
export const NORMAL_KNEE_BAND_HALF_WIDTH_DEG = 7;

/** Source line shown under the chart. */
export const NORMAL_KNEE_CURVE_SOURCE =
  'Approximate normal band: typical adult curve (Perry & Burnfield 2010) ± 7°, widened for the error of 2D video angles (Stenum et al. 2021).';

/** Typical knee flexion (degrees) at a cycle percentage 0..100. */
export function normalKneeFlexionDeg(cyclePct: number): number {
  const pts = NORMAL_KNEE_FLEXION_POINTS;
  const p = Math.min(100, Math.max(0, cyclePct));
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (p <= b.cyclePct) return a.kneeFlexionDeg + ((p - a.cyclePct) / (b.cyclePct - a.cyclePct)) * (b.kneeFlexionDeg - a.kneeFlexionDeg);
  }
  return pts[pts.length - 1]!.kneeFlexionDeg;
}
