/**
 * Standing-posture norms and rules (metrics.md "Posture"), and the single-leg stance
 * (Trendelenburg) test rule of Hardcastle & Nade 1985. Norms come from NORMS (norms.ts).
 * Measuring is done elsewhere; this file judges the numbers.
 */
import type { Side } from '../kinematics/keypoints.ts';
import { sourceText } from './flags.ts';
import type { PostureMeasureId as KinematicsPostureMeasureId } from '../kinematics/posture.ts';
import { norm, NORMS, type NormEntry } from './norms.ts';

/** A posture measure (units in the name). Signs: level/tilt + = right side higher; forward measures + = forward. */
export type PostureMeasureId = KinematicsPostureMeasureId | 'kneeFppaDeg';

/** Every posture measure id, front-view ones first. */
export const POSTURE_MEASURE_IDS: readonly PostureMeasureId[] = Object.freeze([
  'shoulderLevelDeg',
  'pelvicLevelDeg',
  'headTiltDeg',
  'trunkShiftBodyHeights',
  'forwardHeadDeg',
  'trunkForwardLeanDeg',
  'kneeFppaDeg',
]);

/** Display facts of a posture measure: label, unit, which view gives it, and which NORMS entry judges it. */
export const POSTURE_MEASURES: Readonly<Record<PostureMeasureId, { label: string; unit: string; view: 'frontal' | 'sagittal'; normId: string }>> =
  Object.freeze({
    shoulderLevelDeg: { label: 'Shoulder level', unit: '°', view: 'frontal', normId: 'posture-shoulder-level' },
    pelvicLevelDeg: { label: 'Pelvic level', unit: '°', view: 'frontal', normId: 'posture-pelvic-level' },
    headTiltDeg: { label: 'Head tilt', unit: '°', view: 'frontal', normId: 'posture-head-tilt' },
    trunkShiftBodyHeights: { label: 'Trunk shift', unit: 'body heights', view: 'frontal', normId: 'posture-trunk-shift' },
    forwardHeadDeg: { label: 'Forward head (ear–shoulder angle)', unit: '°', view: 'sagittal', normId: 'posture-forward-head' },
    trunkForwardLeanDeg: { label: 'Trunk forward lean', unit: '°', view: 'sagittal', normId: 'posture-trunk-forward-lean' },
    kneeFppaDeg: { label: 'Knee alignment in single-leg squat (FPPA)', unit: '°', view: 'frontal', normId: 'posture-knee-fppa-female' },
  });

/** The judgement of one posture measure: within the norm or not, in plain words, with the norm and its source. */
export interface PostureAssessment {
  id: PostureMeasureId;
  value: number;
  within: boolean;
  finding: string;
  norm: string;
  source: string;
}

/** For each posture measure outside its norm, the catalogue exercises that answer it. */
export const POSTURE_EXERCISES: Readonly<Record<PostureMeasureId | 'trendelenburg-positive', readonly string[]>> = Object.freeze({
  shoulderLevelDeg: ['wall-posture-drill', 'education-standing-posture'],
  pelvicLevelDeg: ['education-standing-posture', 'side-lying-hip-abduction', 'wall-posture-drill'],
  headTiltDeg: ['wall-posture-drill', 'chin-tuck'],
  trunkShiftBodyHeights: ['education-standing-posture', 'single-leg-stance', 'wall-posture-drill'],
  forwardHeadDeg: ['chin-tuck', 'wall-posture-drill'],
  trunkForwardLeanDeg: ['half-kneeling-hip-flexor-stretch', 'wall-posture-drill', 'glute-bridge'],
  kneeFppaDeg: ['single-leg-squat', 'clamshell', 'side-lying-hip-abduction'],
  'trendelenburg-positive': ['side-lying-hip-abduction', 'side-plank-hip-abduction', 'single-leg-stance', 'mirror-gait-retraining'],
});

function normFor(id: PostureMeasureId, sex?: 'female' | 'male' | 'other'): Readonly<NormEntry> {
  if (id === 'kneeFppaDeg') {
    // Sex unknown: the wider (female) range, so fewer false positives.
    return norm(sex === 'male' ? 'posture-knee-fppa-male' : 'posture-knee-fppa-female');
  }
  return norm(POSTURE_MEASURES[id].normId);
}

function higherSide(value: number): Side {
  return value > 0 ? 'right' : 'left';
}

function lowerSide(value: number): Side {
  return value > 0 ? 'left' : 'right';
}

/**
 * Judges one posture measure against its norm. Level/tilt/shift measures use |value|;
 * forward head is "within" at or above 48°; knee FPPA is "within" at or below the upper limit.
 * Throws for a non-finite value (a missing measure is not judged).
 */
export function assessPostureMeasure(
  id: PostureMeasureId,
  value: number,
  context: { sex?: 'female' | 'male' | 'other' } = {},
): PostureAssessment {
  if (!Number.isFinite(value)) throw new Error(`posture measure ${id}: value must be a finite number, got ${value}`);
  const n = normFor(id, context.sex);
  const source = sourceText(n);
  const a = Math.abs(value);
  const d = (x: number) => `${x.toFixed(1)}°`;
  let within: boolean;
  let finding: string;
  let normStr: string;
  switch (id) {
    case 'shoulderLevelDeg':
    case 'pelvicLevelDeg':
    case 'headTiltDeg': {
      const limit = n.above as number;
      within = a <= limit;
      normStr = `level within ±${limit}°`;
      const part = id === 'shoulderLevelDeg' ? 'shoulder' : id === 'pelvicLevelDeg' ? 'hip' : 'side of your head';
      const what = id === 'shoulderLevelDeg' ? 'Your shoulders' : id === 'pelvicLevelDeg' ? 'Your hips' : 'Your head';
      if (within) finding = `${what} are level (${d(a)} difference, within ±${limit}°).`;
      else if (id === 'headTiltDeg') finding = `Your head tilts toward your ${lowerSide(value)} shoulder by ${d(a)} (within ±${limit}° is usual).`;
      else finding = `Your ${higherSide(value)} ${part} sits higher than your ${lowerSide(value)} by ${d(a)} (within ±${limit}° is usual).`;
      if (!within && id === 'pelvicLevelDeg') finding += ' A leg-length difference or a standing habit can do this; a clinician can check.';
      if (id === 'headTiltDeg' && within) finding = `Your head is level (${d(a)}, within ±${limit}°).`;
      break;
    }
    case 'trunkShiftBodyHeights': {
      const limit = n.above as number;
      within = a <= limit;
      normStr = `centred within ±${limit} body heights`;
      const pctBody = (a * 100).toFixed(1);
      finding = within
        ? `Your shoulders are centred over your hips (offset ${pctBody}% of your height).`
        : `Your shoulders sit to your ${higherSide(value)} of your hips by ${pctBody}% of your height (within ${(limit * 100).toFixed(0)}% is usual).`;
      break;
    }
    case 'forwardHeadDeg': {
      const limit = n.below as number;
      within = value >= limit;
      normStr = `${limit}° or more (about 50° is typical)`;
      finding = within
        ? `Your head sits well over your shoulders (angle ${d(value)}; ${limit}° or more is usual).`
        : `Your head sits forward of your shoulders (angle ${d(value)}; ${limit}° or more is usual, about 44° is typical of people with neck pain).`;
      break;
    }
    case 'trunkForwardLeanDeg': {
      const limit = n.above as number;
      within = a <= limit;
      normStr = `within ±${limit}° of upright`;
      finding = within
        ? `Your upper body is upright (${d(value)} from vertical).`
        : value > 0
          ? `Your upper body leans forward by ${d(a)} when standing (within ${limit}° is usual). Tight hip flexors can pull you forward.`
          : `Your upper body leans back by ${d(a)} when standing (within ${limit}° is usual).`;
      break;
    }
    case 'kneeFppaDeg': {
      const limit = n.above as number;
      within = value <= limit;
      normStr = `${n.range?.min}–${limit}° (${n.appliesTo?.sex ?? ''} range)`;
      finding = within
        ? `Your knee stays in line over your foot in the single-leg squat (${d(value)}).`
        : `Your knee falls inward in the single-leg squat (${d(value)}; up to ${limit}° is usual). This often goes with weak hip muscles.`;
      break;
    }
  }
  return { id, value, within, finding, norm: normStr, source };
}

/** Input of the single-leg stance (Trendelenburg) test for one standing leg. */
export interface SingleLegStanceInput {
  /** The leg the person stands on. */
  stanceSide: Side;
  /** Largest drop of the LIFTED side's hip below its quiet two-leg-standing level during the hold, degrees (+ = lifted side lower). */
  peakDropDeg: number;
  /** How long the position was held, seconds (capped at the 30 s test length by the caller or not). */
  holdS: number;
  /** Largest trunk lean toward the stance side during the hold, degrees (optional). */
  peakTrunkLeanTowardStanceDeg?: number;
}

/** Result of the single-leg stance test for one standing leg. */
export interface SingleLegStanceResult {
  stanceSide: Side;
  positive: boolean;
  pelvisDropped: boolean;
  heldFullTime: boolean;
  /** The trunk leaned over the stance leg beyond the walking lean threshold (a compensation that can hide a drop). */
  compensated: boolean;
  finding: string;
  source: string;
}

/** Hold time of the Trendelenburg test, seconds (Hardcastle & Nade 1985). */
export const TRENDELENBURG_HOLD_S = norm('single-leg-stance-hold').range?.min ?? 30;

/** Drop of the lifted side beyond which it counts as dropped, degrees (screening tolerance for camera noise). */
export const TRENDELENBURG_DROP_TOLERANCE_DEG = norm('single-leg-stance-drop').above ?? 2;

/** Trunk lean toward the stance side counted as compensation, degrees (same screening line as in walking). */
export const TRENDELENBURG_LEAN_DEG = norm('trunk-lateral-lean').above ?? 5;

/**
 * The Trendelenburg rule (Hardcastle & Nade 1985): positive if the pelvis on the lifted side
 * drops (more than TRENDELENBURG_DROP_TOLERANCE_DEG) or the position cannot be held for 30 s.
 * At exactly the tolerance or exactly 30 s the test is negative.
 */
export function singleLegStanceTest(input: SingleLegStanceInput): SingleLegStanceResult {
  const { stanceSide, peakDropDeg, holdS } = input;
  if (!Number.isFinite(peakDropDeg) || !Number.isFinite(holdS)) {
    throw new Error('single-leg stance test: peakDropDeg and holdS must be finite numbers');
  }
  const lifted: Side = stanceSide === 'left' ? 'right' : 'left';
  const pelvisDropped = peakDropDeg > TRENDELENBURG_DROP_TOLERANCE_DEG;
  const heldFullTime = holdS >= TRENDELENBURG_HOLD_S;
  const lean = input.peakTrunkLeanTowardStanceDeg;
  const compensated = lean !== undefined && Number.isFinite(lean) && lean > TRENDELENBURG_LEAN_DEG;
  const positive = pelvisDropped || !heldFullTime;
  const parts: string[] = [];
  if (positive) {
    parts.push(`Standing on your ${stanceSide} leg: the test is positive.`);
    if (pelvisDropped) parts.push(`Your ${lifted} hip dropped ${peakDropDeg.toFixed(1)}° instead of staying level or rising.`);
    if (!heldFullTime) parts.push(`You held the position for ${holdS.toFixed(0)} of ${TRENDELENBURG_HOLD_S} seconds.`);
    parts.push(`This points to weakness of the muscles on the outside of your ${stanceSide} hip.`);
  } else {
    parts.push(`Standing on your ${stanceSide} leg: the test is negative. You kept your pelvis level for the full ${TRENDELENBURG_HOLD_S} seconds.`);
  }
  if (compensated) parts.push(`You leaned your upper body over the ${stanceSide} leg (${(lean as number).toFixed(1)}°), which can hide a hip drop.`);
  return {
    stanceSide,
    positive,
    pelvisDropped,
    heldFullTime,
    compensated,
    finding: parts.join(' '),
    source: `${sourceText(norm('single-leg-stance-hold'))} ${sourceText(norm('single-leg-stance-drop'))}`,
  };
}

/** Catalogue exercise ids for the posture results outside their norms (and a positive single-leg test), de-duplicated, at most `max`. */
export function postureExercises(
  results: readonly Pick<PostureAssessment, 'id' | 'within'>[],
  singleLeg: readonly Pick<SingleLegStanceResult, 'positive' | 'compensated'>[] = [],
  max = 6,
): string[] {
  const lists: (readonly string[])[] = [];
  if (singleLeg.some((r) => r.positive || r.compensated)) lists.push(POSTURE_EXERCISES['trendelenburg-positive']);
  for (const r of results) if (!r.within) lists.push(POSTURE_EXERCISES[r.id]);
  const out: string[] = [];
  for (let i = 0; out.length < max && lists.some((l) => i < l.length); i++) {
    for (const l of lists) {
      const id = l[i];
      if (id !== undefined && !out.includes(id) && out.length < max) out.push(id);
    }
  }
  return out;
}

/**
 * Front/back-view measures read against the picture's horizontal or vertical: a camera rolled by N°
 * adds about N° to each level angle and shifts the shoulders sideways over the hips by about
 * sin(N°) × trunk length (0.3 body heights → 0.005 body heights per degree).
 */
export const TILT_SENSITIVE_MEASURES: readonly PostureMeasureId[] = Object.freeze(['shoulderLevelDeg', 'pelvicLevelDeg', 'headTiltDeg', 'trunkShiftBodyHeights']);

/** Largest camera tilt, degrees, at which the tilt-sensitive measures are still judged: the narrowest level norm (3°). */
export const CAMERA_TILT_TOLERANCE_DEG: number = Math.min(
  ...(['shoulderLevelDeg', 'pelvicLevelDeg', 'headTiltDeg'] as const).map((id) => {
    const above = norm(POSTURE_MEASURES[id].normId).above;
    if (above === undefined) throw new Error(`norm ${POSTURE_MEASURES[id].normId} has no upper limit`);
    return above;
  }),
);

/** What the setup's camera-level check found: its traffic light and the camera tilt it measured (degrees, null when unknown). */
export interface CameraLevel {
  status: 'ok' | 'warn' | 'fail';
  tiltDeg: number | null;
}

/**
 * Plain words saying why the tilt-sensitive measures are not judged, or null when they are:
 * not judged when the measured tilt exceeds {@link CAMERA_TILT_TOLERANCE_DEG}, or when the level
 * check failed (also when it could not measure the tilt). Null level (never checked) → judged.
 */
export function cameraTiltNotJudged(level: CameraLevel | null): string | null {
  if (!level) return null;
  const tiltDeg = level.tiltDeg !== null && Number.isFinite(level.tiltDeg) ? Math.abs(level.tiltDeg) : null;
  const why = 'A tilted camera makes your body look tilted by about as much, so this number says more about the camera than about you.';
  if (tiltDeg !== null && (tiltDeg > CAMERA_TILT_TOLERANCE_DEG || level.status === 'fail')) {
    return `Not judged: the camera was not level (tilted about ${Math.max(1, Math.round(tiltDeg))}°). ${why}`;
  }
  if (level.status === 'fail') return `Not judged: the app could not check that the camera was level. ${why}`;
  return null;
}

/** One posture measure's judgement: `assessment` null when not measured or not judged; `notJudged` says why it was not judged. */
export interface PostureJudgement {
  id: KinematicsPostureMeasureId;
  assessment: PostureAssessment | null;
  notJudged: string | null;
}

/**
 * Judges measured posture values against their norms, except the tilt-sensitive ones when the
 * camera was not level ({@link cameraTiltNotJudged}): those get no assessment (so no exercises).
 */
export function judgePostureMeasures(
  measures: readonly { id: KinematicsPostureMeasureId; value: number | null }[],
  cameraLevel: CameraLevel | null = null,
): PostureJudgement[] {
  const tiltReason = cameraTiltNotJudged(cameraLevel);
  return measures.map((m) => {
    if (m.value === null) return { id: m.id, assessment: null, notJudged: null };
    if (tiltReason && TILT_SENSITIVE_MEASURES.includes(m.id)) return { id: m.id, assessment: null, notJudged: tiltReason };
    return { id: m.id, assessment: assessPostureMeasure(m.id, m.value), notJudged: null };
  });
}

/** The posture norms (subset of NORMS) for display. */
export const POSTURE_NORMS: readonly Readonly<NormEntry>[] = Object.freeze(NORMS.filter((n) => n.id.startsWith('posture-') || n.id.startsWith('single-leg-stance')));
