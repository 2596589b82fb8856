/**
 * Synthetic walker for tests: a 3D stick figure walking along +x at constant speed, each foot a rigid heel–ankle–toe
 * body that lands toe up and rolls over the heel, stays flat, rolls over the toe from heel rise to toe off, and
 * swings (half-cosine progression with a lift) back to strike pitch; knees from two-link inverse kinematics,
 * a pelvic obliquity pattern with a chosen contralateral drop per stance side, projected by a level pinhole
 * camera from the side (left or right) or the front/back. Optional pixel noise, gaps and leg label swaps.
 * World frame: x = progression, y = subject's left, z = up (metres).
 */
import { BLAZEPOSE_33, COCO_17, type KeypointSet, type Side } from './keypoints.ts';
import type { KeypointTuple, PoseTrack } from './types.ts';
import { mulberry32 } from './random.ts';

/** Options of the synthetic walker (units in the names). */
export interface SyntheticWalkOptions {
  camera?: 'sagittal-left' | 'sagittal-right' | 'frontal-front' | 'frontal-back';
  keypointSet?: KeypointSet;
  fps?: number;
  durationS?: number;
  heightM?: number;
  cadenceStepsPerMin?: number;
  stepLengthM?: number;
  stanceFraction?: number;
  /** Contralateral pelvic drop (metrics.md definition) during LEFT / RIGHT stance, degrees. */
  pelvicDropDeg?: { left: number; right: number };
  /** Constant lateral pelvic tilt added to the obliquity, degrees (+ = right higher). */
  pelvicTiltDeg?: number;
  /** Gaussian pixel noise SD as a fraction of the subject's pixel height. */
  noiseFraction?: number;
  /** Number of random gaps (keypoint groups missing for 0.07–0.2 s). */
  gaps?: number;
  /** Number of leg label swap bursts (2–4 frames). */
  swaps?: number;
  /** Mirror the image horizontally (x → width − x). */
  mirror?: boolean;
  /** Swap all left_/right_ keypoint labels. */
  swapLabels?: boolean;
  /** Walk on a treadmill: the belt carries the feet back at the walking speed, so the body stays in place in front of the camera. */
  treadmill?: boolean;
  /**
   * Treadmill only: the belt's speed varies as v·(1 + a·sin(2πt / 2.3 s)) with this `a` (0 = constant), as when a
   * hand-held camera follows the walker at an uneven pace; the walker then drifts a little in the image.
   */
  beltSpeedVariation?: number;
  seed?: number;
}

/** The generated truth: event times and the design values. */
export interface SyntheticTruth {
  events: Record<Side, { footStrikeS: number[]; footOffS: number[] }>;
  cadenceStepsPerMin: number;
  stepLengthM: number;
  stanceFraction: number;
  strideTimeS: number;
  pelvicDropDeg: { left: number; right: number };
  /** Knee flexion peak in swing from the 3D joint centres projected on the sagittal plane, per side. */
  kneeFlexionPeakSwingDeg: { left: number; right: number };
}

const DEFAULTS = Object.freeze({
  camera: 'sagittal-left' as const,
  keypointSet: 'blazepose33' as KeypointSet,
  fps: 30,
  durationS: 6,
  heightM: 1.7,
  cadenceStepsPerMin: 110,
  stepLengthM: 0.65,
  stanceFraction: 0.6,
  pelvicDropDeg: { left: 3, right: 3 },
  pelvicTiltDeg: 0,
  noiseFraction: 0,
  gaps: 0,
  swaps: 0,
  mirror: false,
  swapLabels: false,
  treadmill: false,
  beltSpeedVariation: 0,
  seed: 1,
});

type V3 = [number, number, number];

/** Foot pitch (°) at foot strike (toe up) and at toe off (heel up) of the synthetic walker. */
const FOOT_STRIKE_DEG = 15;
const FOOT_OFF_DEG = 35;

// Swing progression: fast push-off, quick landing (half-cosine: the foot is still moving when it lands/lifts less than min-jerk would).
const swingProfile = (s: number): number => (1 - Math.cos(Math.PI * s)) / 2;

/** Generates a synthetic walk as a pose track (formats.md §1) with its truth. */
export function makeSyntheticWalk(options: SyntheticWalkOptions = {}): { track: PoseTrack; truth: SyntheticTruth } {
  const o = { ...DEFAULTS, ...options };
  const H = o.heightM;
  const stepT = 60 / o.cadenceStepsPerMin;
  const T = 2 * stepT;
  const v = (2 * o.stepLengthM) / T;
  const stance = o.stanceFraction * T;
  const lift = 0.04 * H;
  const Lth = 0.245 * H;
  const Lsh = 0.246 * H;
  const ankleH = 0.039 * H;
  const hipHalfW = 0.05 * H;
  const phase0: Record<Side, number> = { left: 0.3 * T, right: 0.3 * T + stepT }; // first foot strike times
  // Obliquity amplitudes so that the metric's drop (relative to the mean over whole strides) equals the design.
  const k = 0.5 * (1 - o.stanceFraction);
  const m = (k * (o.pelvicDropDeg.right - o.pelvicDropDeg.left)) / (1 - 2 * k);
  const amp = { left: o.pelvicDropDeg.left - m, right: o.pelvicDropDeg.right + m };

  const footStrikeAt = (side: Side, t: number): number => phase0[side] + Math.floor((t - phase0[side]) / T) * T;
  // Foot: a rigid heel–ankle–toe body (relative to the ankle) that rolls over the heel after the strike (toe up
  // FOOT_STRIKE_DEG → flat in the first 8 % of the cycle), stays flat, then over the toe from heel rise (25 % of the
  // cycle before toe off) to toe off (heel up FOOT_OFF_DEG), and swings from toe-off pitch to strike pitch.
  const heelRel: [number, number] = [-0.04 * H, -0.025 * H];
  const toeRel: [number, number] = [0.09 * H, -0.03 * H];
  const loadT = 0.08 * T;
  const riseT = 0.25 * T;
  const rot = (v: [number, number], deg: number): [number, number] => {
    const a = (deg * Math.PI) / 180;
    return [v[0] * Math.cos(a) - v[1] * Math.sin(a), v[0] * Math.sin(a) + v[1] * Math.cos(a)];
  };
  const smooth = (s: number): number => s * s * (3 - 2 * s);
  /** Ankle (x, z) in stance at phase ph after the strike, foot placed flat with its ankle at x = xc; and the foot pitch (°, + toe up). */
  const stanceAnkle = (xc: number, ph: number): { x: number; z: number; pitchDeg: number } => {
    if (ph < loadT) {
      const pitchDeg = FOOT_STRIKE_DEG * (1 - smooth(ph / loadT));
      const pivot: [number, number] = [xc + heelRel[0], ankleH + heelRel[1]];
      const a = rot([-heelRel[0], -heelRel[1]], pitchDeg);
      return { x: pivot[0] + a[0], z: pivot[1] + a[1], pitchDeg };
    }
    if (ph > stance - riseT) {
      const pitchDeg = -FOOT_OFF_DEG * ((ph - (stance - riseT)) / riseT) ** 2;
      const pivot: [number, number] = [xc + toeRel[0], ankleH + toeRel[1]];
      const a = rot([-toeRel[0], -toeRel[1]], pitchDeg);
      return { x: pivot[0] + a[0], z: pivot[1] + a[1], pitchDeg };
    }
    return { x: xc, z: ankleH, pitchDeg: 0 };
  };
  const footAt = (side: Side, t: number): { ankle: V3; pitchDeg: number } => {
    const fs = footStrikeAt(side, t);
    const ph = t - fs;
    const y = side === 'left' ? hipHalfW : -hipHalfW;
    const xc = v * (fs + stance / 2);
    if (ph < stance) {
      const a = stanceAnkle(xc, ph);
      return { ankle: [a.x, y, a.z], pitchDeg: a.pitchDeg };
    }
    const s = (ph - stance) / (T - stance);
    const off = stanceAnkle(xc, stance);
    const next = stanceAnkle(xc + v * T, 0);
    const w = swingProfile(s);
    return {
      ankle: [off.x + (next.x - off.x) * w, y, off.z + (next.z - off.z) * w + lift * Math.sin(Math.PI * s) ** 2],
      pitchDeg: -FOOT_OFF_DEG + (FOOT_STRIKE_DEG + FOOT_OFF_DEG) * w,
    };
  };
  const ankleAt = (side: Side, t: number): V3 => footAt(side, t).ankle;
  // Single support of `side` = swing of the other foot.
  const obliquityDeg = (t: number): number => {
    let th = o.pelvicTiltDeg;
    for (const side of ['left', 'right'] as const) {
      const other: Side = side === 'left' ? 'right' : 'left';
      const fsO = footStrikeAt(other, t);
      const ph = t - fsO;
      if (ph >= stance) {
        const s = (ph - stance) / (T - stance);
        const bump = Math.sin(Math.PI * s) ** 2;
        th += side === 'left' ? -amp.left * bump : amp.right * bump; // left stance: right side drops (θ < 0)
      }
    }
    return th;
  };
  // Pelvis height: legs never fully straight (max hip–ankle distance 0.97 of the leg length).
  let maxReach = 0;
  for (let t = 0; t < T * 2; t += T / 200) {
    for (const side of ['left', 'right'] as const) {
      const a = ankleAt(side, t + 5 * T);
      maxReach = Math.max(maxReach, Math.abs(a[0] - v * (t + 5 * T)));
    }
  }
  const pelvisZ = ankleH + Math.sqrt((0.97 * (Lth + Lsh)) ** 2 - maxReach ** 2);

  const skeleton = (t: number): Record<string, V3> => {
    const px = v * t;
    const pz = pelvisZ + 0.01 * H * Math.cos((4 * Math.PI * t) / T);
    const th = (obliquityDeg(t) * Math.PI) / 180;
    const P: Record<string, V3> = {};
    P.left_hip = [px, hipHalfW * Math.cos(th), pz - hipHalfW * Math.sin(th)];
    P.right_hip = [px, -hipHalfW * Math.cos(th), pz + hipHalfW * Math.sin(th)];
    for (const side of ['left', 'right'] as const) {
      const hip = P[`${side}_hip`] as V3;
      const ank = ankleAt(side, t);
      const dx = ank[0] - hip[0];
      const dz = ank[2] - hip[2];
      const d = Math.min(Math.hypot(dx, dz), Lth + Lsh - 1e-6);
      const along = (Lth * Lth - Lsh * Lsh + d * d) / (2 * d);
      const perp = Math.sqrt(Math.max(0, Lth * Lth - along * along));
      const ux = dx / d;
      const uz = dz / d;
      // knee in front of the hip–ankle line (+x side)
      const c1: [number, number] = [hip[0] + ux * along - uz * perp, hip[2] + uz * along + ux * perp];
      const c2: [number, number] = [hip[0] + ux * along + uz * perp, hip[2] + uz * along - ux * perp];
      const kn = c1[0] > c2[0] ? c1 : c2;
      P[`${side}_knee`] = [kn[0], (hip[1] + ank[1]) / 2, kn[1]];
      P[`${side}_ankle`] = ank;
      const pitch = footAt(side, t).pitchDeg;
      const he = rot(heelRel, pitch);
      const to = rot(toeRel, pitch);
      P[`${side}_heel`] = [ank[0] + he[0], ank[1], ank[2] + he[1]];
      P[`${side}_foot_index`] = [ank[0] + to[0], ank[1], ank[2] + to[1]];
    }
    const bob = pz - pelvisZ;
    const sz = 0.818 * H + bob;
    P.left_shoulder = [px, 0.11 * H, sz];
    P.right_shoulder = [px, -0.11 * H, sz];
    const hz = 0.936 * H + bob; // eye height 0.936 H (Winter)
    P.left_eye = [px + 0.05 * H, 0.018 * H, hz];
    P.right_eye = [px + 0.05 * H, -0.018 * H, hz];
    P.left_ear = [px, 0.045 * H, hz - 0.018 * H];
    P.right_ear = [px, -0.045 * H, hz - 0.018 * H];
    P.nose = [px + 0.06 * H, 0, hz - 0.026 * H];
    for (const side of ['left', 'right'] as const) {
      const sh = P[`${side}_shoulder`] as V3;
      P[`${side}_elbow`] = [sh[0], sh[1], sh[2] - 0.19 * H];
      P[`${side}_wrist`] = [sh[0], sh[1], sh[2] - 0.34 * H];
    }
    return P;
  };

  // Camera
  const f = 1000;
  const W = 1280;
  const Hpx = 720;
  // On a treadmill the walk (in the belt's frame) is carried back by the belt: the lab frame is x − v·t.
  const walkLen = o.treadmill ? 0 : v * o.durationS;
  let C: V3;
  let d: V3;
  if (o.camera === 'sagittal-left') [C, d] = [[walkLen / 2, 5, 1], [0, -1, 0]];
  else if (o.camera === 'sagittal-right') [C, d] = [[walkLen / 2, -5, 1], [0, 1, 0]];
  else if (o.camera === 'frontal-front') [C, d] = [[walkLen + 4, 0, 1], [-1, 0, 0]];
  else [C, d] = [[-4, 0, 1], [1, 0, 0]];
  const up: V3 = [0, 0, 1];
  const r: V3 = [d[1] * up[2] - d[2] * up[1], d[2] * up[0] - d[0] * up[2], d[0] * up[1] - d[1] * up[0]];
  const project = (p: V3): [number, number, number] => {
    const rel: V3 = [p[0] - C[0], p[1] - C[1], p[2] - C[2]];
    const depth = rel[0] * d[0] + rel[1] * d[1] + rel[2] * d[2];
    const xs = rel[0] * r[0] + rel[1] * r[1] + rel[2] * r[2];
    const ys = rel[2];
    return [W / 2 + (f * xs) / depth, Hpx / 2 - (f * ys) / depth, depth];
  };

  const names = o.keypointSet === 'coco17' ? COCO_17 : BLAZEPOSE_33;
  const rand = mulberry32(o.seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const nFrames = Math.floor(o.durationS * o.fps) + 1;
  const frames: PoseTrack['frames'] = [];
  const missing = new Set<string>();
  const legGroups = [['hip', 'knee', 'ankle'], ['ankle', 'heel', 'foot_index'], ['shoulder', 'elbow', 'wrist']];
  for (let g = 0; g < o.gaps; g++) {
    const start = Math.floor(rand() * nFrames);
    const len = Math.max(1, Math.round((0.07 + 0.13 * rand()) * o.fps));
    const side = rand() < 0.5 ? 'left' : 'right';
    const group = legGroups[Math.floor(rand() * legGroups.length)] as string[];
    for (let i = start; i < Math.min(nFrames, start + len); i++) for (const j of group) missing.add(`${i}:${side}_${j}`);
  }
  const swapped = new Set<number>();
  for (let s = 0; s < o.swaps; s++) {
    const start = Math.floor(rand() * (nFrames - 4));
    const len = 2 + Math.floor(rand() * 3);
    for (let i = start; i < start + len; i++) swapped.add(i);
  }
  const legNames = new Set(['knee', 'ankle', 'heel', 'foot_index']);
  for (let i = 0; i < nFrames; i++) {
    const t = i / o.fps;
    const P = skeleton(t);
    if (o.treadmill) {
      // Belt travel ∫ v·(1 + a·sin(2πt/T)) dt.
      const T = 2.3;
      const belt = v * t + (o.beltSpeedVariation * v * T * (1 - Math.cos((2 * Math.PI * t) / T))) / (2 * Math.PI);
      for (const p of Object.values(P)) p[0] -= belt;
    }
    const hipL = project(P.left_hip as V3);
    const bodyPx = (f * H) / hipL[2];
    const kps: KeypointTuple[] = names.map((name) => {
      let src = name as string;
      if (o.swapLabels) src = src.startsWith('left_') ? `right_${src.slice(5)}` : src.startsWith('right_') ? `left_${src.slice(6)}` : src;
      if (swapped.has(i) && legNames.has(src.replace(/^(left|right)_/, ''))) {
        src = src.startsWith('left_') ? `right_${src.slice(5)}` : `left_${src.slice(6)}`;
      }
      const p = P[src];
      if (!p || missing.has(`${i}:${name}`)) return [null, null, 0];
      const [u, w] = project(p);
      const x = u + gauss() * o.noiseFraction * bodyPx;
      const y = w + gauss() * o.noiseFraction * bodyPx;
      return [Math.round((o.mirror ? W - x : x) * 10) / 10, Math.round(y * 10) / 10, 0.9];
    });
    frames.push({ t: Math.round(t * 1e6) / 1e6, keypoints: kps });
  }
  const track: PoseTrack = {
    format: 'gaitscope.pose-track',
    version: 1,
    keypointSet: o.keypointSet,
    keypointNames: [...names],
    image: { widthPx: W, heightPx: Hpx },
    view: o.camera.startsWith('sagittal') ? 'sagittal' : 'frontal',
    subject: { heightM: H },
    source: { kind: 'synthetic', name: `synthetic-${o.camera}` },
    frames,
  };

  // Truth
  const events: SyntheticTruth['events'] = { left: { footStrikeS: [], footOffS: [] }, right: { footStrikeS: [], footOffS: [] } };
  const knee: Record<Side, number[]> = { left: [], right: [] };
  for (const side of ['left', 'right'] as const) {
    for (let fs = phase0[side] - T; fs <= o.durationS; fs += T) {
      if (fs >= 0) events[side].footStrikeS.push(fs);
      const fo = fs + stance;
      if (fo >= 0 && fo <= o.durationS) events[side].footOffS.push(fo);
      if (fo >= 0 && fs + T <= o.durationS) {
        let peak = -Infinity;
        for (let t = fo; t <= fs + T; t += 0.002) {
          const P = skeleton(t);
          const h = P[`${side}_hip`] as V3;
          const kk = P[`${side}_knee`] as V3;
          const a = P[`${side}_ankle`] as V3;
          const u1 = [h[0] - kk[0], h[2] - kk[2]] as const;
          const u2 = [a[0] - kk[0], a[2] - kk[2]] as const;
          const ang = (Math.atan2(Math.abs(u1[0] * u2[1] - u1[1] * u2[0]), u1[0] * u2[0] + u1[1] * u2[1]) * 180) / Math.PI;
          peak = Math.max(peak, 180 - ang);
        }
        knee[side].push(peak);
      }
    }
  }
  const mean = (a: number[]): number => a.reduce((p, q) => p + q, 0) / Math.max(1, a.length);
  const truth: SyntheticTruth = {
    events,
    cadenceStepsPerMin: o.cadenceStepsPerMin,
    stepLengthM: o.stepLengthM,
    stanceFraction: o.stanceFraction,
    strideTimeS: T,
    pelvicDropDeg: { ...o.pelvicDropDeg },
    kneeFlexionPeakSwingDeg: { left: mean(knee.left), right: mean(knee.right) },
  };
  return { track, truth };
}
