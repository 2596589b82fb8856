import { describe, expect, it } from 'vitest';
import { bodyScaleTrend } from '../../src/kinematics/scale.ts';
import { insertionSort } from '../../src/kinematics/trajectories.ts';

/** bodyScaleTrend as it was before its sorted sliding window: each knot's window sorted afresh (the reference). */
function referenceTrend(v: Float64Array, half: number): Float64Array {
  const n = v.length;
  const out = new Float64Array(n);
  const finite = Array.from(v).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!finite.length) return out.fill(NaN);
  const m0 = finite.length;
  const all = m0 % 2 ? (finite[m0 >> 1] as number) : (finite[m0 / 2 - 1] as number) + ((finite[m0 / 2] as number) - (finite[m0 / 2 - 1] as number)) * 0.5;
  const stride = Math.max(1, Math.floor(half / 8));
  const buf = new Float64Array(Math.floor((2 * half) / stride) + 2);
  const at = (i: number): number => {
    const a = Math.max(0, i - half);
    const b = Math.min(n - 1, i + half);
    let m = 0;
    for (let k = a; k <= b; k += stride) if (Number.isFinite(v[k] as number)) buf[m++] = v[k] as number;
    if (m === 0) return NaN;
    insertionSort(buf, m);
    const med = buf[m >> 1] as number;
    let c = 0, sk = 0, sx = 0, skk = 0, skx = 0;
    for (let k = a; k <= b; k += stride) {
      const x = v[k] as number;
      if (!(Math.abs(x - med) <= 0.2 * med)) continue;
      const d = k - i;
      c++; sk += d; sx += x; skk += d * d; skx += d * x;
    }
    const den = c * skk - sk * sk;
    if (c < 3 || !(den > 0)) return med;
    const slope = (c * skx - sk * sx) / den;
    return (sx - slope * sk) / c;
  };
  const fill = (i0: number, y0: number, i1: number, y1: number): void => {
    const a = Number.isFinite(y0) ? y0 : Number.isFinite(y1) ? y1 : all;
    const b = Number.isFinite(y1) ? y1 : a;
    if (i0 < 0) {
      out[i1] = b;
      return;
    }
    for (let i = i0 + 1; i <= i1; i++) out[i] = a + ((b - a) * (i - i0)) / (i1 - i0);
  };
  let prevI = -1;
  let prevV = NaN;
  for (let i = 0; i < n; i += stride) {
    const y = at(i);
    fill(prevI, prevV, i, y);
    prevI = i;
    prevV = y;
  }
  if (prevI !== n - 1) fill(prevI, prevV, n - 1, at(n - 1));
  return out;
}

describe('bodyScaleTrend (sorted sliding window)', () => {
  it('matches sorting each window afresh, bit for bit, with gaps, glitches, ties and strides that do not divide the half-window', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
    for (const [n, half] of [[500, 30], [731, 60], [97, 13], [40, 30], [300, 7], [1000, 45]] as const) {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const r = rand();
        // A trend, noise, repeated values, NaN gaps and occasional glitches far off.
        v[i] = r < 0.1 ? NaN : r < 0.13 ? 400 : r < 0.2 ? 200 : 180 + 0.05 * i + Math.round(rand() * 8);
      }
      for (let i = Math.floor(n / 3); i < Math.floor(n / 3) + half * 3 && i < n; i++) v[i] = NaN;
      const got = bodyScaleTrend(v, half);
      const want = referenceTrend(v, half);
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });
});
