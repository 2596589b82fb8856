/**
 * Frontal-view geometry of the walk: the horizon row of a level camera from the floor contacts, the walking
 * direction in depth (toward or away from the camera) from the trend of the subject's pixel height, and the split of
 * a bout into passes where the walker turns.
 */
import type { Trajectories } from '../trajectories.ts';
import { indexRange } from '../trajectories.ts';

/**
 * Image row of the horizon (the optical axis of a level camera), from the floor contact points: a ground point
 * at depth Z is imaged at y = cy + f·hCamera/Z and the subject's pixel height is f·H/Z, so the lower foot's
 * row is linear in the pixel height, y = cy + (hCamera/H)·bodyPx; the intercept of a least-squares line is cy.
 * NaN when the subject's distance barely changes (the intercept is then undetermined).
 */
export function horizonRowPx(tr: Trajectories, bodyPx: Float64Array): number {
  const foot = tr.present.has('left_heel') ? 'heel' : 'ankle';
  const l = tr.pts[`left_${foot}`].y;
  const r = tr.pts[`right_${foot}`].y;
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < bodyPx.length; i++) {
    const x = bodyPx[i] as number;
    const y = Math.max(l[i] as number, r[i] as number);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    n++; sx += x; sy += y; sxx += x * x; sxy += x * y;
    lo = Math.min(lo, x); hi = Math.max(hi, x);
  }
  if (n < 10 || !(hi > 1.15 * lo)) return NaN;
  const k = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return (sy - k * sx) / n;
}

/** Walking direction in a frontal view from the trend of the subject's pixel height: +1 toward the camera, −1 away, 0 unknown. */
export function frontalDepthDirection(tS: Float64Array, bodyPx: Float64Array, t0: number, t1: number): number {
  let n = 0, st = 0, sl = 0, stt = 0, stl = 0;
  const [i0, i1] = indexRange(tS, t0, t1);
  for (let i = i0; i <= i1; i++) {
    const t = tS[i] as number;
    const b = bodyPx[i] as number;
    if (!(b > 0)) continue;
    const l = Math.log(b);
    n++; st += t; sl += l; stt += t * t; stl += t * l;
  }
  if (n < 3) return 0;
  const slope = (n * stl - st * sl) / (n * stt - st * st);
  return Number.isFinite(slope) && slope !== 0 ? Math.sign(slope) : 0;
}

/** Half-window (s) of the running mean of log pixel height, and of its central-difference slope, that finds turns in a frontal view. */
const PASS_SMOOTH_HALF_S = 0.5;
/** |d ln(pixel height)/dt| (1/s) below which the walker is taken to be neither approaching nor receding (walking at 1.3 m/s 8 m away: 0.16). */
const PASS_MIN_RATE_PER_S = 0.04;
/** Shortest run (s) of one depth direction that counts as a pass. */
const PASS_MIN_S = 0.8;

/**
 * A frontal-view bout split into passes where the walker turns (walks toward the camera, turns, walks away, or the
 * reverse): the running mean of ln(pixel height) over ±0.5 s, its slope over ±0.5 s, runs of one sign at least 0.8 s
 * long with |slope| > 0.04/s. With runs of both signs each run is a pass (+1 toward, −1 away) and the turn between them
 * belongs to neither; otherwise the whole bout is one pass in the direction of its overall trend (frontalDepthDirection).
 */
export function frontalPasses(tS: Float64Array, bodyPx: Float64Array, t0: number, t1: number): { t0: number; t1: number; dir: number }[] {
  const whole = (): { t0: number; t1: number; dir: number }[] => [{ t0, t1, dir: frontalDepthDirection(tS, bodyPx, t0, t1) }];
  const [i0, i1] = indexRange(tS, t0, t1);
  const m = i1 - i0 + 1;
  const dt = (t1 - t0) / Math.max(1, m - 1);
  const h = Math.max(1, Math.round(PASS_SMOOTH_HALF_S / dt));
  if (m < 4 * h) return whole();
  // Running mean of ln(bodyPx) over finite samples (prefix sums), then its central-difference slope.
  const cs = new Float64Array(m + 1);
  const cn = new Float64Array(m + 1);
  for (let k = 0; k < m; k++) {
    const b = bodyPx[i0 + k] as number;
    const ok = b > 0;
    cs[k + 1] = (cs[k] as number) + (ok ? Math.log(b) : 0);
    cn[k + 1] = (cn[k] as number) + (ok ? 1 : 0);
  }
  const mean = (k: number): number => {
    const a = Math.max(0, k - h);
    const b = Math.min(m, k + h + 1);
    const c = (cn[b] as number) - (cn[a] as number);
    return c >= h ? ((cs[b] as number) - (cs[a] as number)) / c : NaN;
  };
  const sign = new Int8Array(m);
  for (let k = h; k < m - h; k++) {
    const rate = (mean(k + h) - mean(k - h)) / ((tS[i0 + k + h] as number) - (tS[i0 + k - h] as number));
    if (Math.abs(rate) > PASS_MIN_RATE_PER_S) sign[k] = rate > 0 ? 1 : -1;
  }
  // Runs of one sign, long enough.
  const runs: { a: number; b: number; dir: number }[] = [];
  for (let k = 0; k < m; ) {
    const s = sign[k] as number;
    let j = k;
    while (j + 1 < m && sign[j + 1] === s) j++;
    if (s !== 0 && (tS[i0 + j] as number) - (tS[i0 + k] as number) >= PASS_MIN_S) runs.push({ a: k, b: j, dir: s });
    k = j + 1;
  }
  if (!runs.some((r) => r.dir > 0) || !runs.some((r) => r.dir < 0)) return whole();
  // Consecutive runs of one direction are one pass; a pass reaches to the bout's ends and, between passes of one
  // direction, across the still stretch between them; the stretch where the direction turns belongs to neither.
  const passes: { a: number; b: number; dir: number }[] = [];
  for (const r of runs) {
    const last = passes[passes.length - 1];
    if (last && last.dir === r.dir) last.b = r.b;
    else passes.push({ ...r });
  }
  (passes[0] as (typeof passes)[number]).a = 0;
  (passes[passes.length - 1] as (typeof passes)[number]).b = m - 1;
  return passes.map((p) => ({ t0: tS[i0 + p.a] as number, t1: tS[i0 + p.b] as number, dir: p.dir }));
}
