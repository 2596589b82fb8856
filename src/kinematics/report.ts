/**
 * analyzeTrack: pose track → gait report (formats.md §2), the pipeline in order:
 * extract → view → swap repair → outliers → resample + gap fill + low-pass → scale → events → metrics.
 */
import { KINEMATICS_DEFAULTS, UNRELIABLE_LEGS_WARNING, VIEW_MISMATCH_WARNING, type KinematicsSettings } from './conventions.ts';
import { keepMainBody } from './identity.ts';
import { bodyHeightPxPerFrame, fillKneesFromSegments, fillSagittalPairs, relabelLegsByOrder, resampleAndFilter } from './clean.ts';
import { rejectOutliers, removePiledPoints, removeSpikes } from './outliers.ts';
import { keypointNoiseBodyHeights } from './noise.ts';
import { detectEvents, detectFrontalEvents, detectSagittalEvents, lastBeforeIn as lastBefore, type FootEvents } from './events/index.ts';
import { groundMotion, toGroundFrame } from './ground.ts';
import { type Stance, type Stride, type Swing, countSteps, gaitPhases, spansOfSubBouts, usableEvents, walkSegments } from './phases.ts';
import { OneEuroFilter } from './filters.ts';
import { type Side, otherSide } from './keypoints.ts';
import {
  cycleCurve, hipExtensionSeries, indexAt, kneeFlexionSeries, obliquityMetrics, peakIn, pelvicObliquitySeries, sampleOnGrid, summarise, symmetryRatio,
  trunkLeanSeries,
} from './metrics.ts';
import type { KneeRebuildInputs } from './kneeGap.ts';
import { legSeen, swingKneePeaks } from './kneePeaks.ts';
import { noiseCorrectedObliquityMetrics } from './obliquity.ts';
import { PATTERN_FILL, type PatternFillSettings, patternFillLegGaps } from './patternFill.ts';
import { SEGMENT_SCALE_BIAS_RANGE, SIDE_VIEW_STEP_WIDTH_STATURE, bodyScaleTrend, nearFoot, stepPerspectiveCorrectionPx, trialScale } from './scale.ts';
import { resampleSeriesPair } from './resample.ts';
import { JOINTS, type Trajectories, extractTrajectories, floorIndex, indexRange, nanMedian } from './trajectories.ts';
import type {
  GaitReport, PoseTrack, ReportExtra, ReportMetrics, SidedMetric, StepRecord, StrideRecord, View,
} from './types.ts';
import { contradictedView, detectView, frontalLeftScreenSign, horizontalDirection } from './view.ts';

/** Options of analyzeTrack: view override ('auto' = decide from keypoints), subject height in metres, live (causal) filtering. */
export interface AnalyzeOptions {
  view?: View | 'auto';
  heightM?: number | null;
  live?: boolean;
  /** Fill short leg-keypoint gaps from other gait cycles (patternFill.ts) before interpolating: false = off; settings override PATTERN_FILL. */
  patternFill?: boolean | Partial<PatternFillSettings>;
  /**
   * The camera's horizontal field of view (°), when known: side-view step lengths are then corrected for each heel's
   * depth off the body's midline (scale.ts stepPerspectiveCorrectionPx). Off by default: the correction depends on
   * where the subject is relative to the image centre, so it would break the invariance of lengths under image
   * translation and scale that a pose track without camera data must keep.
   */
  cameraFovDeg?: number;
}

/** Keypoint noise (body heights per frame, noise.ts) above which the report says how uncertain the event times are (real BlazePose video: 0.0015–0.0027). */
const KEYPOINT_NOISE_NOTE_BH = 0.0035;

/** Per-frame pelvic obliquity noise (°) above which the report says the per-stance values are noise-corrected (their sd shrinks). */
const OBLIQUITY_NOISE_NOTE_DEG = 1;

/** Thrown for analysis that is impossible (no person / too few steps): the message says which. */
export class AnalysisImpossibleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnalysisImpossibleError';
  }
}

const SIDES: readonly Side[] = ['left', 'right'];

/**
 * Step length from ankles only (no heel keypoints), in body heights to add to the ankle-to-ankle distance at foot
 * strike. Heel point → ankle joint centre with the foot flat: a = 0.038 H forward (malleoli ≈ ¼ of the foot length,
 * 0.152 H, in front of the heel) and h = 0.021 H up (ankle 0.039 H, heel point 0.018 H above the floor; Winter's
 * anthropometry). At foot strike the leading foot is pitched toes-up by α ≈ 20° about its heel and the trailing foot
 * heel-up by β ≈ 20° about its toes (typical foot-floor angles, Perry & Burnfield, Gait Analysis), so the heel lies
 * a·cos α − h·sin α behind the leading ankle and a·cos β + h·sin β behind the trailing ankle: heel-to-heel =
 * ankle-to-ankle + a(cos β − cos α) + h(sin α + sin β) = + 0.0144 H.
 */
const ANKLE_TO_HEEL_STEP_CORRECTION_BH = (() => {
  const a = 0.038;
  const h = 0.021;
  const alpha = (20 * Math.PI) / 180;
  const beta = (20 * Math.PI) / 180;
  return a * (Math.cos(beta) - Math.cos(alpha)) + h * (Math.sin(alpha) + Math.sin(beta));
})();

/** Event thresholds (fractions of the foot's swing speed) of the foot-velocity detector. */
const EVENT_THRESHOLDS = Object.freeze({ strikeFraction: 0.15, offFraction: 0.35 });

function causalFilter(tr: Trajectories): void {
  for (const j of JOINTS) {
    for (const c of ['x', 'y'] as const) {
      const f = new OneEuroFilter();
      const v = tr.pts[j][c];
      for (let i = 0; i < v.length; i++) {
        const x = v[i] as number;
        if (!Number.isFinite(x)) f.reset();
        else v[i] = f.filter(x, tr.tS[i] as number);
      }
    }
  }
}

function coverage(raw: Trajectories): number {
  let have = 0;
  let total = 0;
  for (const j of JOINTS) {
    if (!raw.present.has(j)) continue;
    const x = raw.pts[j].x;
    total += x.length;
    for (let i = 0; i < x.length; i++) if ((x[i] as number) - (x[i] as number) === 0) have++;
  }
  return total ? have / total : 0;
}

const sided = (left: ReturnType<typeof summarise>, right: ReturnType<typeof summarise>): SidedMetric | null =>
  left || right ? { left, right } : null;

/** A series for report.extra: values rounded to 0.01, null where missing (a plain loop: these run over every frame). */
function toSeries(v: Float64Array | null): (number | null)[] | null {
  if (!v) return null;
  const out: (number | null)[] = new Array<number | null>(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    out[i] = x - x === 0 ? Math.round(x * 100) / 100 : null;
  }
  return out;
}

/** Whether t lies in one of the bouts (in time order and disjoint, as the event detectors give them; `starts` = their starts). */
function inBouts(bouts: readonly (readonly [number, number])[], starts: readonly number[], t: number): boolean {
  const k = floorIndex(starts, t);
  return k >= 0 && t <= ((bouts[k] as readonly [number, number])[1]);
}

/** Phases (stances, swings) of each side by their foot-strike time; where two share one, the later in the list. */
function bySideAtStrike<T extends { side: Side; fs: number }>(list: readonly T[]): Record<Side, Map<number, T>> {
  const out = { left: new Map<number, T>(), right: new Map<number, T>() };
  for (const x of list) out[x.side].set(x.fs, x);
  return out;
}

/** Frame times for report.extra, rounded to 0.1 ms. */
function timesOf(tS: Float64Array): number[] {
  const out: number[] = new Array<number>(tS.length);
  for (let i = 0; i < tS.length; i++) out[i] = Math.round((tS[i] as number) * 1e4) / 1e4;
  return out;
}

/** Pose track → gait report (formats.md §2) with report.extra: ReportExtra filled; flags/exercises = [] (assessment fills them). */
export function analyzeTrack(track: PoseTrack, options: AnalyzeOptions = {}, settings: KinematicsSettings = KINEMATICS_DEFAULTS): GaitReport {
  const warnings: string[] = [];
  if (track.frames.length < 2) throw new AnalysisImpossibleError('no person: the track has fewer than 2 frames');
  const raw = extractTrajectories(track, settings.minScore);
  let hipFrames = 0;
  const lhx = raw.pts.left_hip.x;
  const rhx = raw.pts.right_hip.x;
  for (let i = 0; i < raw.tS.length && hipFrames < 2; i++) if ((lhx[i] as number) - (lhx[i] as number) === 0 && (rhx[i] as number) - (rhx[i] as number) === 0) hipFrames++;
  if (hipFrames < 2) throw new AnalysisImpossibleError('no person: no frame shows both hips');

  // View: an explicit option wins, then the track's own field, else decided from the keypoints.
  let view: View;
  let viewSource: 'given' | 'auto';
  if (options.view && options.view !== 'auto') {
    view = options.view;
    viewSource = 'given';
  } else if (options.view !== 'auto' && track.view) {
    view = track.view;
    viewSource = 'given';
  } else {
    view = detectView(raw) ?? 'sagittal';
    viewSource = 'auto';
  }
  // A given view the keypoints clearly contradict (a side-view walk analysed as front/back, say): every metric of that
  // view would be read off the wrong geometry, so the report says so first.
  const contradicted = viewSource === 'given' ? contradictedView(raw, view) : null;
  const viewWords = (v: View): string => (v === 'sagittal' ? 'side (sagittal) view' : 'front or back (frontal) view');
  const mismatchNote = contradicted
    ? `${VIEW_MISMATCH_WARNING} ${viewWords(contradicted.view)} (shoulders ${(contradicted.widthRatio * 100).toFixed(0)} % of the trunk length apart), ` +
      `but the walk was analysed as a ${viewWords(view)}: the results may be meaningless. Check how the walk was filmed and the assessment type, then analyse it again`
    : null;
  if (mismatchNote) warnings.push(mismatchNote);
  const heightM = options.heightM ?? track.subject?.heightM ?? null;

  // Cleaning works in place on the extracted trajectories (what later steps need of the raw data is taken now).
  const rawCoverage = coverage(raw);
  const work: Trajectories = raw;
  // Keypoints piled on one spot (a pose-model glitch) go first: they would pass every later check.
  const piledFrames = removePiledPoints(work);
  // One person: frames where the pose model jumped to another body (a passer-by, or a lost subject) go next.
  const bodySwitches = keepMainBody(work, settings.maxBoutGapS);
  const bodyPxRaw = bodySwitches.heightPxMedian ?? nanMedian(bodySwitches.heightPxPerFrame ?? bodyHeightPxPerFrame(work));
  // Side view: legs relabelled by their order along x (a Viterbi robust to the frequent swaps of real pose models).
  const swaps = view === 'sagittal' ? relabelLegsByOrder(work, bodyPxRaw) : 0;
  const spikes = view === 'sagittal' ? removeSpikes(work, bodyPxRaw, settings.maxGapS) : 0;
  const outliers = rejectOutliers(work, bodyPxRaw, settings) + spikes;
  // Keypoint noise, measured before any filling (a filled hip would carry the other hip's noise).
  const noiseBh = keypointNoiseBodyHeights(work, bodyPxRaw);
  // The hips as seen, for the knee-angle gap bridge (before they are filled from each other): one copy of each hip.
  const hipAsSeen = view === 'sagittal' ? { left: { x: work.pts.left_hip.x.slice(), y: work.pts.left_hip.y.slice() }, right: { x: work.pts.right_hip.x.slice(), y: work.pts.right_hip.y.slice() } } : null;
  const hipsSeen: Record<Side, KneeRebuildInputs> | null = hipAsSeen
    ? { left: { hip: hipAsSeen.left, otherHip: hipAsSeen.right }, right: { hip: hipAsSeen.right, otherHip: hipAsSeen.left } }
    : null;
  const pairFilled = view === 'sagittal' ? fillSagittalPairs(work) : 0;
  // Where each leg's knee and ankle were both seen (before any filling): a swing whose knee peak falls in a gap is not measured.
  const legSeenRaw = view === 'sagittal' ? { left: legSeen(work, 'left'), right: legSeen(work, 'right') } : null;
  const live = options.live === true;
  // Leg-keypoint gaps the interpolation would bridge are filled from other gait cycles first, where one matches.
  const patternFilled = options.patternFill === false || live ? 0
    : patternFillLegGaps(work, view, { ...PATTERN_FILL, maxGapS: settings.maxGapS, ...(typeof options.patternFill === 'object' ? options.patternFill : {}) }).gaps;
  const kneesFilled = fillKneesFromSegments(work, settings.maxGapS);
  const tr = resampleAndFilter(work, settings, !live);
  if (live) causalFilter(tr);
  const n = tr.tS.length;
  const dtS = n > 1 ? ((tr.tS[n - 1] as number) - (tr.tS[0] as number)) / (n - 1) : 0;
  const bodyPx = bodyScaleTrend(bodyHeightPxPerFrame(tr), Math.max(1, Math.round(0.5 / (dtS || 1))));
  // (The median of bodyPx is finite exactly when some value is: no need to compute it.)
  if (!bodyPx.some(Number.isFinite)) throw new AnalysisImpossibleError('no person: the legs and trunk are never seen together');

  // Treadmill (or a camera following the walker): the floor moves under the feet. A side view is re-expressed in the
  // floor's frame; a frontal view's foot speeds are taken relative to the floor.
  const ground = groundMotion(tr, bodyPx, track.image.widthPx, track.image.heightPx / 2, view === 'frontal');
  if (ground.moving && view === 'sagittal') toGroundFrame(tr, ground);
  const evVel = detectEvents(tr, bodyPx, settings, EVENT_THRESHOLDS, view === 'sagittal', ground.moving && view === 'frontal' ? ground : undefined);
  // Frontal: +1 when the subject faces the camera (the labels' order on screen); the walking direction on a treadmill.
  const leftSign = view === 'frontal' ? frontalLeftScreenSign(tr) : 1;
  const treadmill = ground.moving ? { facing: leftSign as 1 | -1, kPerS: ground.kPerS } : undefined;
  const ev = view === 'frontal' ? detectFrontalEvents(tr, bodyPx, track.image.heightPx / 2, evVel, settings.minStanceS, treadmill) : detectSagittalEvents(tr, bodyPx, evVel, settings.minSwingS, settings);
  const events: Record<Side, FootEvents> = {
    left: { footStrikeS: [...ev.events.left.footStrikeS].sort((a, b) => a - b), footOffS: [...ev.events.left.footOffS].sort((a, b) => a - b) },
    right: { footStrikeS: [...ev.events.right.footStrikeS].sort((a, b) => a - b), footOffS: [...ev.events.right.footOffS].sort((a, b) => a - b) },
  };
  const totalStrikes = events.left.footStrikeS.length + events.right.footStrikeS.length;
  if (totalStrikes < 2) {
    const hint = mismatchNote ? ` (${mismatchNote})` : '';
    throw new AnalysisImpossibleError(`too few steps: found ${totalStrikes} foot strike(s), at least 2 are needed${hint}`);
  }

  // Events used for metrics (phases.ts usableEvents): inside a walking segment and away from its ends, the walk split
  // at pauses; strikes making an implausibly short step, foot offs no walking cycle allows and first strikes in the
  // other foot's swing are dropped (they leave `events` too).
  const usable = usableEvents(events, walkSegments(ev.bouts, settings.edgeMarginS, evVel.gapsS, settings.gapEdgeMarginS, spansOfSubBouts(ev.bouts, evVel.bouts, evVel.walkSpansS)), settings);
  warnings.push(...usable.warnings);
  const { segments, boutOf, fs, fo } = usable;
  const sameBout = (a: number, b: number): boolean => boutOf(a) === boutOf(b) && boutOf(a) >= 0;

  const boutStarts = ev.bouts.map(([a]) => a);
  // Walking direction (screen x) per bout, for sagittal hip extension and step length.
  const walkSign = new Int8Array(n);
  const boutDirs = ev.bouts.map(([a, b]) => horizontalDirection(tr, a, b));
  ev.bouts.forEach(([a, b], k) => {
    const [i0, i1] = indexRange(tr.tS, a, b);
    if (i1 >= i0) walkSign.fill(boutDirs[k] as number, i0, i1 + 1);
  });

  // Phases
  const { stances, swings, strides } = gaitPhases(fs, fo, sameBout, settings.maxStrideS);

  // Scale
  const scale = trialScale(tr, settings, view === 'sagittal' ? heightM : null);
  const heightPx = scale.heightPx;

  // Spatiotemporal
  const { steps, spanS: stepSpan, missedStrikes, spansS } = countSteps(fs, boutOf);
  const cadence = stepSpan > 0 ? (60 * steps) / stepSpan : null;
  if (cadence === null) warnings.push('cadenceStepsPerMin needs at least two foot strikes away from the ends of a walking bout');
  // Many implausible or missing events: the leg keypoints themselves are unreliable (the per-event warnings say which).
  const implausibleEvents = usable.droppedEvents + missedStrikes;
  const eventsSeen = SIDES.reduce((a, s) => a + fs[s].length + fo[s].length, 0) + implausibleEvents;
  const implausibleEventFraction = eventsSeen > 0 ? implausibleEvents / eventsSeen : null;
  if (implausibleEventFraction !== null && implausibleEvents >= 3 && implausibleEventFraction >= settings.unreliableEventFraction) {
    warnings.push(
      `${UNRELIABLE_LEGS_WARNING}: ${implausibleEvents} of ${eventsSeen} gait events were implausible (dropped) or missing, as when the pose ` +
        'model mixes up the left and right legs; event times, per-side values and symmetry may be wrong. Check the events against the video, ' +
        'or record again side-on with the whole body in view, in good light (or with a more accurate pose model)',
    );
  }

  const stepRecords: StepRecord[] = [];
  const hasHeels = tr.present.has('left_heel') && tr.present.has('right_heel');
  const heelOf = (side: Side) => (hasHeels ? tr.pts[`${side}_heel`] : tr.pts[`${side}_ankle`]);
  const sampleAt = (v: Float64Array, t: number): number => sampleOnGrid(tr.tS, dtS, v, t);
  const nearByBout: Side[] = [];
  for (const side of SIDES) {
    const other = otherSide(side);
    for (const t of fs[side]) {
      const prev = lastBefore(fs[other], t);
      // The other foot's strike must come after this foot's previous one (else the other foot's strike was missed).
      const ownPrev = lastBefore(fs[side], t);
      const stepTimeS = prev !== undefined && sameBout(prev, t) && t - prev < settings.maxStrideS / 2 && !(ownPrev !== undefined && ownPrev > prev) ? t - prev : null;
      let lengthPx: number | null = null;
      if (view === 'sagittal') {
        const dir = walkSign[indexAt(tr, t)] as number;
        const xs = sampleAt(heelOf(side).x, t);
        const xo = sampleAt(heelOf(other).x, t);
        let d = (xs - xo) * dir;
        // Ankle-only keypoint sets: heel-to-heel = ankle-to-ankle + the difference of the two feet's heel-to-ankle offsets.
        if (!hasHeels) d += ANKLE_TO_HEEL_STEP_CORRECTION_BH * heightPx;
        // The near foot is nearer the camera than the body whose height gives the scale, the far one further.
        if (dir !== 0 && options.cameraFovDeg) {
          const b = boutOf(t);
          const bout = (segments[b] as (typeof segments)[number]).bout;
          const near = (nearByBout[bout] ??= nearFoot(tr, ...indexRange(tr.tS, ...(ev.bouts[bout] as [number, number])), dir));
          d += stepPerspectiveCorrectionPx(xs, xo, side, near, dir, heightPx, track.image.widthPx, options.cameraFovDeg);
        }
        lengthPx = dir !== 0 && Number.isFinite(d) ? d : null;
      }
      stepRecords.push({
        side,
        footStrikeS: t,
        stepTimeS,
        stepLengthM: lengthPx !== null && scale.pxPerM ? lengthPx / scale.pxPerM : null,
        stepLengthBodyHeights: lengthPx !== null && Number.isFinite(heightPx) ? lengthPx / heightPx : null,
      });
    }
  }
  stepRecords.sort((a, b) => a.footStrikeS - b.footStrikeS);
  const stepStat = (side: Side, key: 'stepTimeS' | 'stepLengthM' | 'stepLengthBodyHeights') =>
    summarise(stepRecords.filter((s) => s.side === side).map((s) => s[key]));

  // Angle series
  let rawObliquity: Float64Array | null = null;
  if (view === 'frontal') {
    if (live) rawObliquity = pelvicObliquitySeries(tr);
    else {
      // Hips resampled but not yet low-passed: the noise of the obliquity is measured on them.
      const rs = (p: { x: Float64Array; y: Float64Array }): { x: Float64Array; y: Float64Array } => {
        const [x, y] = resampleSeriesPair(work.tS, p.x, p.y, tr.tS, settings.maxGapS, dtS);
        return { x, y };
      };
      const hips = { left_hip: rs(work.pts.left_hip), right_hip: rs(work.pts.right_hip) };
      rawObliquity = pelvicObliquitySeries({ tS: tr.tS, pts: hips });
    }
  }
  // The way the subject faces, per walking bout (a frontal recording may hold passes toward and away from the camera).
  const facingAt = new Int8Array(n).fill(leftSign);
  const boutFacing = view === 'frontal' ? ev.bouts.map(([a, b]) => {
    const [i0, i1] = indexRange(tr.tS, a, b);
    const f = i1 >= i0 ? frontalLeftScreenSign(tr, i0, i1) : leftSign;
    if (i1 >= i0) facingAt.fill(f, i0, i1 + 1);
    return f;
  }) : [];
  const lean = view === 'frontal' ? trunkLeanSeries(tr, facingAt) : null;
  const knee = view === 'sagittal' ? { left: kneeFlexionSeries(tr, 'left'), right: kneeFlexionSeries(tr, 'right') } : null;
  const hipExt = view === 'sagittal' ? { left: hipExtensionSeries(tr, 'left', walkSign), right: hipExtensionSeries(tr, 'right', walkSign) } : null;

  // Pelvic obliquity metrics. Baseline: mean θ from the first to the last foot strike of the side with the longest span.
  let obliquity: Float64Array | null = null;
  let baseline = NaN;
  let obliquityNote: string | null = null;
  const dropByStance = new Map<Stance, number | null>();
  const rangeByStride = new Map<Stride, number | null>();
  if (rawObliquity) {
    const span = (l: number[]): number => (l.length >= 2 ? (l[l.length - 1] as number) - (l[0] as number) : -1);
    const l = fs[span(fs.left) >= span(fs.right) ? 'left' : 'right'];
    const strikesInBouts = SIDES.flatMap((side) => events[side].footStrikeS.filter((t) => inBouts(ev.bouts, boutStarts, t)).map((t) => ({ t, side })));
    const ph = { stances, strides, baselineSpanS: l.length >= 2 ? ([l[0] as number, l[l.length - 1] as number] as const) : null };
    const om = live ? { ...obliquityMetrics(tr, rawObliquity, ph), smoothed: rawObliquity } : noiseCorrectedObliquityMetrics(tr, rawObliquity, settings.lowPassHz, 1 / dtS, ph, strikesInBouts, { tS: work.tS, obl: pelvicObliquitySeries(work) });
    obliquity = om.smoothed;
    baseline = om.baselineDeg;
    if ('noiseSdDeg' in om && om.noiseSdDeg > OBLIQUITY_NOISE_NOTE_DEG)
      obliquityNote = `pelvic obliquity: keypoint noise about ${om.noiseSdDeg.toFixed(1)}° per frame; each stance's drop and stride's range is noise-corrected toward the mean gait-cycle curve, so their sd understates the stride-to-stride variation`;
    stances.forEach((st, k) => dropByStance.set(st, om.dropDeg[k] ?? null));
    strides.forEach((s, k) => rangeByStride.set(s, om.rangeDeg[k] ?? null));
  }
  const dropOf = (st: Stance): number | null => dropByStance.get(st) ?? null;
  const leanOf = (st: Stance): number | null => (lean ? peakIn(tr, lean, st.fs, st.fo, st.side === 'left' ? 1 : -1) : null);
  const hipExtOf = (st: Stance): number | null => (hipExt ? peakIn(tr, hipExt[st.side], st.fs, st.fo) : null);
  // Swing knee peaks: measured, bridged across a short gap, read from other cycles, or left out (kneePeaks.ts).
  const kneePeaks = knee && legSeenRaw ? swingKneePeaks(swings, { tr, knee, raw: work, legSeenRaw, hipsSeen, live }, settings) : null;
  const kneeOf = (sw: Swing): number | null => kneePeaks?.peakOf.get(sw) ?? null;
  const rangeOf = (s: Stride): number | null => rangeByStride.get(s) ?? null;

  const stanceByStart = bySideAtStrike(stances);
  const swingByEnd = bySideAtStrike(swings);
  const strideRecords: StrideRecord[] = strides.map((s) => {
    const st = stanceByStart[s.side].get(s.start);
    const sw = swingByEnd[s.side].get(s.end);
    const T = s.end - s.start;
    return {
      side: s.side,
      startS: s.start,
      endS: s.end,
      strideTimeS: T,
      footOffS: s.fo,
      stanceFraction: s.fo !== null ? (s.fo - s.start) / T : null,
      kneeFlexionPeakSwingDeg: sw ? kneeOf(sw) : null,
      hipExtensionPeakDeg: st ? hipExtOf(st) : null,
      contralateralPelvicDropDeg: st ? dropOf(st) : null,
      pelvicObliquityRangeDeg: rangeOf(s),
      trunkLateralLeanDeg: st ? leanOf(st) : null,
    };
  });

  const per = <T extends { side: Side }>(list: T[], f: (x: T) => number | null) => ({
    left: summarise(list.filter((x) => x.side === 'left').map(f)),
    right: summarise(list.filter((x) => x.side === 'right').map(f)),
  });
  const strideTime = per(strides, (s) => s.end - s.start);
  const stance = per(strides, (s) => (s.fo !== null ? (s.fo - s.start) / (s.end - s.start) : null));
  const stanceTime = per(strides, (s) => (s.fo !== null ? s.fo - s.start : null));

  const metrics: ReportMetrics = {
    cadenceStepsPerMin: cadence !== null ? { value: cadence } : null,
    strideTimeS: sided(strideTime.left, strideTime.right),
    stepTimeS: sided(stepStat('left', 'stepTimeS'), stepStat('right', 'stepTimeS')),
    stanceFraction: sided(stance.left, stance.right),
    stepLengthM: null,
    stepLengthBodyHeights: null,
    gaitSpeedMps: null,
    contralateralPelvicDropDeg: null,
    pelvicObliquityRangeDeg: null,
    lateralPelvicTiltDeg: null,
    trunkLateralLeanDeg: null,
    kneeFlexionPeakSwingDeg: null,
    hipExtensionPeakDeg: null,
    stepLengthSymmetryRatio: null,
    stanceTimeSymmetryRatio: null,
  };
  if (obliquityNote && [...dropByStance.values()].some((v) => v !== null)) warnings.push(obliquityNote);
  if (!metrics.strideTimeS) warnings.push('strideTimeS needs two foot strikes of the same foot within a walking bout');
  if (!metrics.stanceFraction) warnings.push('stanceFraction needs a whole stride with its foot off');
  const stRatio = symmetryRatio(stanceTime.left, stanceTime.right);
  metrics.stanceTimeSymmetryRatio = stRatio !== null ? { value: stRatio } : null;
  if (stRatio === null) warnings.push('stanceTimeSymmetryRatio needs whole strides of both feet');

  if (view === 'sagittal') {
    const lenBh = sided(stepStat('left', 'stepLengthBodyHeights'), stepStat('right', 'stepLengthBodyHeights'));
    metrics.stepLengthBodyHeights = lenBh;
    if (!lenBh) warnings.push('stepLengthBodyHeights needs foot strikes with both heels (or ankles) seen');
    if (scale.source === 'segments') {
      warnings.push(`no head keypoints: step lengths are scaled from the trunk and leg segment lengths (reads ${SEGMENT_SCALE_BIAS_RANGE} short on the motion-capture tests)`);
    }
    if (scale.pxPerM) {
      const lenM = sided(stepStat('left', 'stepLengthM'), stepStat('right', 'stepLengthM'));
      metrics.stepLengthM = lenM;
      const r = lenM ? symmetryRatio(lenM.left, lenM.right) : null;
      metrics.stepLengthSymmetryRatio = r !== null ? { value: r } : null;
      // Gait speed: mid-hip travel from the first to the last counted foot strike of each walking segment (a pass
      // across the image, between turns and pauses), over the time those spans take together.
      const v = gaitSpeedPxPerS(tr, dtS, spansS);
      if (v !== null && Number.isFinite(v / scale.pxPerM)) metrics.gaitSpeedMps = { value: v / scale.pxPerM };
      if (!metrics.gaitSpeedMps) warnings.push('gaitSpeedMps needs two foot strikes in one walking pass');
    } else {
      const why = heightM ? 'a body scale (the head and feet, or the trunk and legs, seen together)' : 'subject.heightM';
      warnings.push(`stepLengthM needs ${why}`);
      warnings.push(`gaitSpeedMps needs ${why}`);
      const r = lenBh ? symmetryRatio(lenBh.left, lenBh.right) : null;
      metrics.stepLengthSymmetryRatio = r !== null ? { value: r } : null;
    }
    metrics.kneeFlexionPeakSwingDeg = sided(...Object.values(per(swings, kneeOf)) as [ReturnType<typeof summarise>, ReturnType<typeof summarise>]);
    metrics.hipExtensionPeakDeg = sided(...Object.values(per(stances, hipExtOf)) as [ReturnType<typeof summarise>, ReturnType<typeof summarise>]);
    if (!metrics.kneeFlexionPeakSwingDeg) warnings.push('kneeFlexionPeakSwingDeg needs a swing phase between detected foot off and foot strike');
    if (!metrics.hipExtensionPeakDeg) warnings.push('hipExtensionPeakDeg needs a stance phase between detected foot strike and foot off');
    for (const m of ['contralateralPelvicDropDeg', 'pelvicObliquityRangeDeg', 'lateralPelvicTiltDeg', 'trunkLateralLeanDeg']) {
      warnings.push(`${m} needs a frontal view`);
    }
  } else {
    for (const m of ['stepLengthM', 'stepLengthBodyHeights', 'stepLengthSymmetryRatio', 'gaitSpeedMps', 'kneeFlexionPeakSwingDeg', 'hipExtensionPeakDeg']) {
      warnings.push(`${m} needs a sagittal view`);
    }
    const drop = per(stances, dropOf);
    metrics.contralateralPelvicDropDeg = sided(drop.left, drop.right);
    const ranges = strideRecords.map((s) => s.pelvicObliquityRangeDeg).filter((x): x is number => x !== null);
    metrics.pelvicObliquityRangeDeg = ranges.length ? { value: ranges.reduce((a, b) => a + b, 0) / ranges.length } : null;
    metrics.lateralPelvicTiltDeg = Number.isFinite(baseline) ? { value: baseline } : null;
    const leanStat = per(stances, leanOf);
    metrics.trunkLateralLeanDeg = sided(leanStat.left, leanStat.right);
    if (!metrics.contralateralPelvicDropDeg) warnings.push('contralateralPelvicDropDeg needs stance phases with both hips visible');
    if (!metrics.pelvicObliquityRangeDeg) warnings.push('pelvicObliquityRangeDeg needs a whole stride with both hips visible');
  }
  if (noiseBh > KEYPOINT_NOISE_NOTE_BH) {
    warnings.push(
      `keypoint noise about ${(100 * noiseBh).toFixed(1)} % of body height per frame (BlazePose in good light: 0.15–0.3 %): with 0.5 %, foot-event times on ` +
      `motion-capture tracks scattered by ±${view === 'frontal' ? '20–35' : '8–20'} ms (SD), so step times and stance fractions over a few strides are uncertain by about 0.02; ` +
      'more light, a closer camera or a steadier one lowers it',
    );
  }
  if (ground.moving) {
    warnings.push(
      `the walker stays in place while the floor under the stance foot moves (${ground.speedBodyHeightsPerS.toFixed(2)} body heights/s in the image): ` +
        'a treadmill, or a camera following the walker; events' +
        (view === 'sagittal' ? ', step lengths and gait speed (the belt speed) are measured relative to the floor' : ' are timed relative to the floor'),
    );
  }
  if (bodySwitches.switches > 0) {
    warnings.push(
      `the tracked body jumped ${bodySwitches.switches} time(s) farther than a walker moves between frames (another person in view, or the pose model losing the subject): ` +
        `${bodySwitches.framesRemoved} frame(s) (${bodySwitches.removedS.toFixed(1)} s) of the other body were left out; film one person at a time`,
    );
  }
  if (piledFrames > 0) warnings.push(`ignored the keypoints piled on one spot in ${piledFrames} frame(s) (a pose-model glitch)`);
  if (swaps > 0) warnings.push(`repaired ${swaps} left/right leg label swap(s)`);
  if (outliers > 0) warnings.push(`rejected ${outliers} outlier keypoint(s)`);
  if (kneesFilled > 0) warnings.push(`reconstructed ${kneesFilled} missing knee keypoint(s) from hip, ankle and segment lengths`);
  if (patternFilled > 0) warnings.push(`pattern-filled ${patternFilled} keypoint gap(s) from other gait cycles (same leg a stride away or the other leg half a stride away)`);
  if (pairFilled > 0) warnings.push(`filled ${pairFilled} missing hip/shoulder keypoint(s) from the other side (side view: they overlap)`);
  const skipped = (view === 'sagittal' ? [...stances.map(hipExtOf), ...swings.map(kneeOf)] : stances.map(dropOf)).filter((x) => x === null).length - (kneePeaks?.leftOut.size ?? 0);
  if (kneePeaks) warnings.push(...kneePeaks.warnings);
  if (skipped > 0) {
    warnings.push(`${skipped} phase(s) skipped: keypoints missing for longer than ${settings.maxGapS} s`);
  }

  // Knee flexion over the gait cycle (sagittal), 101 points per stride.
  let kneeFlexionCycle: ReportExtra['kneeFlexionCycle'] = null;
  if (knee) {
    kneeFlexionCycle = { left: null, right: null };
    for (const side of SIDES) {
      const measured = strides.filter((s) => {
        if (s.side !== side) return false;
        const sw = swingByEnd[side].get(s.end);
        return !(sw && (kneePeaks?.leftOut.has(sw) || kneePeaks?.imputed.has(sw)));
      });
      kneeFlexionCycle[side] = cycleCurve(tr.tS, dtS, knee[side], measured);
    }
  }

  let direction: ReportExtra['analysis']['direction'];
  if (view === 'sagittal') {
    const ds = new Set(boutDirs.filter((d) => d !== 0));
    direction = ds.size > 1 ? 'mixed' : ds.has(1) ? 'left-to-right' : ds.has(-1) ? 'right-to-left' : null;
  } else {
    const fs = new Set(boutFacing);
    direction = fs.size > 1 ? 'mixed' : (fs.size === 1 ? fs.has(1) : leftSign > 0) ? 'toward-camera' : 'away-from-camera';
  }

  const extra: ReportExtra = {
    analysis: {
      viewSource,
      direction,
      eventMethod: ev.method,
      scaleMethod: view === 'sagittal'
        ? scale.method + (options.cameraFovDeg ? `; step lengths corrected for each heel's depth off the body's midline (± half a step width of ${SIDE_VIEW_STEP_WIDTH_STATURE} × stature, camera field of view ${options.cameraFovDeg}° as given)` : '')
        : 'body heights from the trunk and leg segment lengths (frontal view: no metres)',
      labelSwapsRepaired: swaps,
      implausibleEventFraction,
      keypointNoiseBodyHeights: Number.isFinite(noiseBh) ? noiseBh : null,
      floor: { moving: ground.moving, speedBodyHeightsPerS: ground.speedBodyHeightsPerS, speedFraction: ground.speedFraction },
      filter: live
        ? 'causal One Euro filter (Casiez et al. 2012), gaps ≤ 0.25 s interpolated'
        : `zero-phase 2nd-order Butterworth low-pass ${settings.lowPassHz} Hz (forward-backward), Hampel outlier rejection, gaps ≤ ${settings.maxGapS} s interpolated ` +
          `(${patternFilled > 0 ? `${patternFilled} leg-keypoint gap(s) from other gait cycles, the rest ` : ''}cubic Hermite) on an even ${(1 / (dtS || 1)).toFixed(1)} Hz grid`,
    },
    steps: stepRecords,
    strides: strideRecords,
    series: {
      tS: timesOf(tr.tS),
      pelvicObliquityDeg: toSeries(obliquity),
      trunkLateralLeanDeg: toSeries(lean),
      kneeFlexionDeg: knee ? { left: toSeries(knee.left) ?? [], right: toSeries(knee.right) ?? [] } : null,
      hipExtensionDeg: hipExt ? { left: toSeries(hipExt.left) ?? [], right: toSeries(hipExt.right) ?? [] } : null,
    },
    kneeFlexionCycle,
    bouts: ev.bouts.map(([startS, endS]) => ({ startS, endS })),
  };

  const t0 = raw.tS[0] as number;
  const tN = raw.tS[raw.tS.length - 1] as number;
  return {
    format: 'gaitscope.report',
    version: 1,
    view,
    durationS: tN - t0,
    quality: {
      framesAnalysed: raw.tS.length,
      meanFps: tN > t0 ? (raw.tS.length - 1) / (tN - t0) : 0,
      keypointCoverageFraction: rawCoverage,
      warnings,
    },
    events,
    metrics,
    flags: [],
    exercises: [],
    extra,
  };
}

/**
 * Walking speed (px / s, side view): the mid-hip's travel along x over each walking segment's span from its first to
 * its last counted foot strike (`spansS`, countSteps), summed and divided by the time those spans take together (so a
 * walk of several passes, with turns between them, counts every pass); null without a span of two strikes.
 */
function gaitSpeedPxPerS(tr: Trajectories, dtS: number, spansS: readonly (readonly [number, number])[]): number | null {
  const mid = (t: number): number => (sampleOnGrid(tr.tS, dtS, tr.pts.left_hip.x, t) + sampleOnGrid(tr.tS, dtS, tr.pts.right_hip.x, t)) / 2;
  let distPx = 0;
  let timeS = 0;
  for (const [t0, t1] of spansS) {
    if (!(t1 > t0)) continue;
    const d = Math.abs(mid(t1) - mid(t0));
    if (!Number.isFinite(d)) continue;
    distPx += d;
    timeS += t1 - t0;
  }
  return timeS > 0 ? distPx / timeS : null;
}
