/**
 * Knee flexion peak of each swing (side view) where the leg may have gone unseen: measured where the knee and ankle
 * were seen around the peak; else bridged across a short gap by a polynomial, or read from other gait cycles
 * (kneeGap.ts), each labelled IMPUTED in the warnings; else left out (null) with a warning, because an interpolated
 * peak reads too low.
 */
import type { KinematicsSettings } from './conventions.ts';
import { KNEE_GAP_BRIDGE, KNEE_GAP_PATTERN, type KneeRebuildInputs, kneeAnglesAcrossGaps } from './kneeGap.ts';
import type { Side } from './keypoints.ts';
import { peakIn } from './metrics.ts';
import type { Swing } from './phases.ts';
import { maskOnGrid } from './resample.ts';
import { indexRange, type Trajectories } from './trajectories.ts';

/** A swing's knee peak is left out when a gap of the knee or ankle (≥ 2 samples) lies this close to it (s). */
const KNEE_PEAK_GAP_NEAR_S = 0.07;

/** Per raw frame: 1 where the side's knee and ankle are both present. */
export function legSeen(tr: Trajectories, side: Side): Uint8Array {
  const k = tr.pts[`${side}_knee`].x;
  const a = tr.pts[`${side}_ankle`].x;
  const out = new Uint8Array(tr.tS.length);
  for (let i = 0; i < out.length; i++) out[i] = (k[i] as number) - (k[i] as number) === 0 && (a[i] as number) - (a[i] as number) === 0 ? 1 : 0;
  return out;
}


/**
 * Part of the swing (fractions of foot off → foot strike) where the knee flexion peak lies in walking: about 70–73 %
 * of the gait cycle with foot off at about 60–62 % (Perry & Burnfield, Gait Analysis), i.e. 20–35 % into swing; the
 * window is wide enough for slow and pathological gait.
 */
const KNEE_PEAK_SWING_WINDOW = [0.1, 0.6] as const;

/**
 * True when a run of at least two grid samples where the leg was not seen lies within `nearS` of the maximum of `v`
 * in [t0, t1] (the peak there is, or borders, an interpolation, which cuts a flexion peak short), or anywhere in the
 * part of the swing where the peak belongs (a gap filled from another cycle or interpolated can move the maximum out
 * of the gap, leaving a lower shoulder as the "peak").
 */
function peakInGap(tS: Float64Array, v: Float64Array, seen: Uint8Array, t0: number, t1: number, nearS: number): boolean {
  const [i0, i1] = indexRange(tS, t0, t1);
  let bi = -1;
  for (let i = i0; i <= i1; i++) if (bi < 0 || (v[i] as number) > (v[bi] as number)) bi = i;
  if (bi < 0) return false;
  const unseenRunIn = (a: number, b: number): boolean => {
    for (let i = Math.max(a, 1); i <= b; i++) if (seen[i] === 0 && (seen[i - 1] === 0 || (i + 1 < seen.length && seen[i + 1] === 0))) return true;
    return false;
  };
  const [a, b] = indexRange(tS, (tS[bi] as number) - nearS, (tS[bi] as number) + nearS);
  if (unseenRunIn(a, b)) return true;
  const [w0, w1] = indexRange(tS, t0 + KNEE_PEAK_SWING_WINDOW[0] * (t1 - t0), t0 + KNEE_PEAK_SWING_WINDOW[1] * (t1 - t0));
  return unseenRunIn(w0, w1);
}

/** What swingKneePeaks gives: the peak per swing (null = left out), which were left out and which imputed, and the warnings that say so. */
export interface SwingKneePeaks {
  peakOf: Map<Swing, number | null>;
  leftOut: Set<Swing>;
  imputed: Set<Swing>;
  warnings: string[];
}

/** Inputs of swingKneePeaks: the analysis grid's trajectories and knee flexion, and the raw ones with where each leg was seen. */
export interface KneePeakInputs {
  tr: Trajectories;
  knee: Record<Side, Float64Array>;
  raw: Trajectories;
  legSeenRaw: Record<Side, Uint8Array>;
  hipsSeen: Record<Side, KneeRebuildInputs> | null;
  live: boolean;
}

/**
 * Knee flexion peak of each swing. A swing whose peak lies in a gap of its leg is read from the knee angle bridged
 * across the gap by a polynomial where the gap is short enough; else, per settings.kneePeakFromOtherCycles, from the
 * knee curves of other gait cycles (by default only for a leg with no measured peak); else left out. Live feedback
 * does not bridge (its series are causally filtered; a bridged zero-phase curve would not compare).
 */
export function swingKneePeaks(swings: readonly Swing[], inp: KneePeakInputs, settings: KinematicsSettings): SwingKneePeaks {
  const { tr, knee, raw, legSeenRaw, hipsSeen, live } = inp;
  const seenGrid = { left: maskOnGrid(raw.tS, legSeenRaw.left, tr.tS), right: maskOnGrid(raw.tS, legSeenRaw.right, tr.tS) };
  const leftOut = new Set<Swing>();
  const bridged = new Map<Swing, number>();
  const fromCycles = new Map<Swing, number>();
  const peakOf = new Map<Swing, number | null>();
  let across: ReturnType<typeof kneeAnglesAcrossGaps> | null = null;
  for (const sw of swings) {
    let v = peakIn(tr, knee[sw.side], sw.fo, sw.fs);
    if (v !== null && peakInGap(tr.tS, knee[sw.side], seenGrid[sw.side], sw.fo, sw.fs, KNEE_PEAK_GAP_NEAR_S)) {
      const b = live ? null : (across ??= kneeAnglesAcrossGaps(raw, legSeenRaw, tr.tS, settings, true, hipsSeen ?? undefined))[sw.side];
      const [i0, i1] = indexRange(tr.tS, sw.fo, sw.fs);
      let whole = b !== null && i1 >= i0;
      for (let i = i0; i <= i1 && whole; i++) if (b?.bridged[i] !== 1) whole = false;
      v = b && whole ? peakIn(tr, b.kneeDeg, sw.fo, sw.fs) : null;
      // Read from other cycles when such samples lie near the bridged peak (a gap elsewhere in the swing does not count).
      let cycles = false;
      if (b && whole) {
        let bi = i0;
        for (let i = i0; i <= i1; i++) if ((b.kneeDeg[i] as number) > (b.kneeDeg[bi] as number)) bi = i;
        const [c0, c1] = indexRange(tr.tS, (tr.tS[bi] as number) - KNEE_PEAK_GAP_NEAR_S, (tr.tS[bi] as number) + KNEE_PEAK_GAP_NEAR_S);
        for (let i = c0; i <= c1 && !cycles; i++) if (b.fromCycle[i] === 1) cycles = true;
      }
      if (v !== null && cycles && settings.kneePeakFromOtherCycles !== 'never') fromCycles.set(sw, v);
      else if (v !== null && !cycles) bridged.set(sw, v);
      else leftOut.add(sw);
      if (cycles) v = null;
    }
    peakOf.set(sw, v);
  }
  // Peaks from other cycles: by default only for a leg none of whose swings gave a measured (or bridged) peak.
  for (const [sw, v] of fromCycles) {
    const measured = swings.some((o) => o.side === sw.side && peakOf.get(o) != null && !fromCycles.has(o));
    if (settings.kneePeakFromOtherCycles === 'always' || !measured) peakOf.set(sw, v);
    else {
      fromCycles.delete(sw);
      leftOut.add(sw);
    }
  }
  return { peakOf, leftOut, imputed: new Set([...bridged.keys(), ...fromCycles.keys()]), warnings: kneePeakWarnings(leftOut.size, bridged, fromCycles, settings, live) };
}

/** The warnings of swingKneePeaks: swings left out, bridged by the polynomial, read from other cycles (named, the first few on a long track). */
function kneePeakWarnings(leftOut: number, bridged: Map<Swing, number>, fromCycles: Map<Swing, number>, settings: KinematicsSettings, live: boolean): string[] {
  const warnings: string[] = [];
  if (leftOut > 0) {
    const why = live
      ? ', and live feedback does not bridge gaps'
      : ` for longer than ${KNEE_GAP_BRIDGE.maxGapS.toFixed(2)} s (or without ${KNEE_GAP_BRIDGE.sideS.toFixed(2)} s seen on both sides) to bridge it` +
        (settings.kneePeakFromOtherCycles === 'never' ? ''
          : `, and copying the peak from other gait cycles (gaps ≤ ${KNEE_GAP_PATTERN.maxGapS.toFixed(2)} s) ` +
            `${settings.kneePeakFromOtherCycles === 'always' ? 'found no matching cycle' : 'is done only for a leg with no measured or bridged swing, and needs a matching cycle'}`);
    warnings.push(`kneeFlexionPeakSwingDeg: ${leftOut} swing(s) left out: the knee or ankle was not seen around the flexion peak${why} (an interpolated peak would read too low)`);
  }
  // One warning per kind, the swings named (the first few on a long track).
  const namedSwings = (m: Map<Swing, number>): string => {
    const list = [...m].sort((a, b) => a[0].fo - b[0].fo);
    const named = list.slice(0, 5).map(([sw, v]) => `the ${sw.side} swing at ${sw.fo.toFixed(2)}–${sw.fs.toFixed(2)} s (${v.toFixed(1)}°)`);
    if (list.length > 5) named.push(`${list.length - 5} more`);
    return `${list.length} swing(s), ${named.join(', ')}`;
  };
  if (bridged.size > 0) {
    warnings.push(
      `kneeFlexionPeakSwingDeg: partly IMPUTED for ${namedSwings(bridged)}: the knee or ankle was not seen around the flexion peak, so the knee ` +
      `angle there was bridged by a local polynomial through the angles seen on both sides (gaps ≤ ${KNEE_GAP_BRIDGE.maxGapS.toFixed(2)} s; about 3° worst case on ` +
      'motion-capture tests), not measured',
    );
  }
  if (fromCycles.size > 0) {
    warnings.push(
      `kneeFlexionPeakSwingDeg: IMPUTED for ${namedSwings(fromCycles)}: the knee or ankle was not seen around the flexion peak ` +
      `(gap ≤ ${KNEE_GAP_PATTERN.maxGapS.toFixed(2)} s)${settings.kneePeakFromOtherCycles === 'always' ? '' : ' and no other swing of that leg was measured or bridged'}, so the knee angle there ` +
      'was copied from the knee curves of other gait cycles (this leg a stride away, the other leg half a stride away), fitted to the angles seen on both sides; ' +
      'typically 1–2° off and up to about 5° on motion-capture tests (stride-to-stride variation), not measured',
    );
  }
  return warnings;
}
