/**
 * One person per analysis: a single-person pose model follows whoever is most prominent, so when a second person
 * crosses the view, or the model loses the subject and snaps onto something else, the "subject" jumps farther
 * between frames than a person can move, or changes size at once. The track is cut at such jumps into runs; runs
 * that continue each other (position reachable in the time between them, similar size) are one body; the body
 * seen in most frames is the subject and every other body's frames are made missing (a warning says how much).
 * After nobody has been seen for longer than `newPassS` anything goes: a patient who walks out of view and starts
 * another pass reappears elsewhere, at another distance, and is still the patient.
 */
import { bodyHeightPxPerFrame } from './clean.ts';
import { type Joint, type Trajectories, JOINTS, nanMedian } from './trajectories.ts';

/** Fastest image motion of a walking subject's trunk accepted between frames (body heights / s; brisk walking is ~1.2, running ~3). */
export const MAX_BODY_SPEED_BH_PER_S = 4;
/** Displacement accepted on top of the speed allowance (body heights): keypoint noise and a trunk point missing on one frame. */
export const JUMP_SLACK_BH = 0.3;
/** Ratio of the subject's pixel heights in two frames above which they are taken for two bodies. */
export const MAX_SIZE_RATIO = 1.6;

const TRUNK: readonly Joint[] = ['left_hip', 'right_hip', 'left_shoulder', 'right_shoulder'];

/** What keepMainBody removed. */
export interface BodySwitches {
  /** Jumps between two bodies (either way). */
  switches: number;
  /** Frames made missing (another body's). */
  framesRemoved: number;
  /** Their total duration (s, frame intervals). */
  removedS: number;
  /** bodyHeightPxPerFrame of the trajectories as left by keepMainBody (so callers need not recompute it); null when not computed. */
  heightPxPerFrame: Float64Array | null;
  /** nanMedian(heightPxPerFrame) when keepMainBody computed it (no frame removed), else absent. */
  heightPxMedian?: number;
}

/**
 * Finds jumps to another body (see the module note) in raw trajectories and makes every frame of the bodies other
 * than the one seen most missing; frames more than `newPassS` apart always belong to one body. Mutates `tr`.
 */
export function keepMainBody(tr: Trajectories, newPassS: number): BodySwitches {
  const n = tr.tS.length;
  if (n < 2) return { switches: 0, framesRemoved: 0, removedS: 0, heightPxPerFrame: null };
  // Trunk centre and body height (px) per frame.
  const cx = new Float64Array(n).fill(NaN);
  const cy = new Float64Array(n).fill(NaN);
  const trunk = TRUNK.filter((j) => tr.present.has(j));
  const trunkX = trunk.map((j) => tr.pts[j].x);
  const trunkY = trunk.map((j) => tr.pts[j].y);
  const nt = trunk.length;
  for (let i = 0; i < n; i++) {
    let sx = 0;
    let sy = 0;
    let c = 0;
    for (let t = 0; t < nt; t++) {
      const x = (trunkX[t] as Float64Array)[i] as number;
      const y = (trunkY[t] as Float64Array)[i] as number;
      if (x === x && y === y) {
        sx += x;
        sy += y;
        c++;
      }
    }
    if (c > 0) {
      cx[i] = sx / c;
      cy[i] = sy / c;
    }
  }
  const size = bodyHeightPxPerFrame(tr);
  const typical = nanMedian(size);
  const none: BodySwitches = { switches: 0, framesRemoved: 0, removedS: 0, heightPxPerFrame: size, heightPxMedian: typical };
  if (!(typical > 0)) return none;
  const sizeAt = (i: number): number => {
    const s = size[i] as number;
    return s > 0 ? s : typical;
  };
  const compatible = (i: number, j: number): boolean => {
    const dt = Math.abs((tr.tS[j] as number) - (tr.tS[i] as number));
    if (dt > newPassS) return true;
    const si = size[i] as number;
    const sj = size[j] as number;
    if (si > 0 && sj > 0 && Math.max(si, sj) / Math.min(si, sj) > MAX_SIZE_RATIO) return false;
    const allowed = (MAX_BODY_SPEED_BH_PER_S * dt + JUMP_SLACK_BH) * Math.max(sizeAt(i), sizeAt(j));
    return Math.hypot((cx[j] as number) - (cx[i] as number), (cy[j] as number) - (cy[i] as number)) <= allowed;
  };

  // Runs of frames with a trunk centre, cut where consecutive such frames are incompatible.
  const runs: { first: number; last: number; frames: number; body: number }[] = [];
  let prev = -1;
  for (let i = 0; i < n; i++) {
    if (!((cx[i] as number) === (cx[i] as number))) continue;
    const run = runs[runs.length - 1];
    if (run && prev >= 0 && compatible(prev, i)) {
      run.last = i;
      run.frames++;
    } else runs.push({ first: i, last: i, frames: 1, body: -1 });
    prev = i;
  }
  if (runs.length < 2) return none;
  // Bodies: a run continues the latest body whose last frame it is compatible with, else starts a new one.
  const bodyLast: number[] = [];
  const bodyFrames: number[] = [];
  for (const run of runs) {
    let best = -1;
    for (let b = 0; b < bodyLast.length; b++) if (compatible(bodyLast[b] as number, run.first) && (best < 0 || (bodyLast[b] as number) > (bodyLast[best] as number))) best = b;
    if (best < 0) {
      best = bodyLast.length;
      bodyLast.push(run.last);
      bodyFrames.push(0);
    }
    run.body = best;
    bodyLast[best] = run.last;
    bodyFrames[best] = (bodyFrames[best] as number) + run.frames;
  }
  if (bodyLast.length < 2) return none;
  let main = 0;
  for (let b = 1; b < bodyFrames.length; b++) if ((bodyFrames[b] as number) > (bodyFrames[main] as number)) main = b;
  let switches = 0;
  let framesRemoved = 0;
  let removedS = 0;
  const dtTypical = n > 1 ? ((tr.tS[n - 1] as number) - (tr.tS[0] as number)) / (n - 1) : 0;
  runs.forEach((run, k) => {
    if (k > 0 && (runs[k - 1] as (typeof runs)[number]).body !== run.body) switches++;
    if (run.body === main) return;
    for (const j of JOINTS) {
      tr.pts[j].x.fill(NaN, run.first, run.last + 1);
      tr.pts[j].y.fill(NaN, run.first, run.last + 1);
    }
    framesRemoved += run.last - run.first + 1;
    removedS += (run.last - run.first + 1) * dtTypical;
  });
  // Frames were removed: the body height per frame is recomputed for the caller.
  return framesRemoved > 0
    ? { switches, framesRemoved, removedS, heightPxPerFrame: bodyHeightPxPerFrame(tr) }
    : { switches, framesRemoved, removedS, heightPxPerFrame: size, heightPxMedian: typical };
}
