/**
 * Plain words for home results: one sentence per posture measure and per single-leg side.
 * Numbers are rounded for reading; signs follow metrics.md (+ = the subject's right higher).
 */
import type { PostureMeasure } from '../../kinematics/posture.ts';
import type { SingleLegAttempt } from '../../kinematics/singleLeg.ts';

/** Below this, a level reads as "level" in words (the camera and the model are not more exact). */
export const LEVEL_WORDS_TOLERANCE_DEG = 0.5;

const deg = (v: number): string => `${Math.abs(v).toFixed(1)}°`;

/** Short name of a measure for headings. */
export const MEASURE_TITLES: Readonly<Record<PostureMeasure['id'], string>> = Object.freeze({
  shoulderLevelDeg: 'Shoulder level',
  pelvicLevelDeg: 'Pelvis (hip) level',
  headTiltDeg: 'Head tilt',
  trunkShiftBodyHeights: 'Trunk shift',
  forwardHeadDeg: 'Forward head (approximate)',
  trunkForwardLeanDeg: 'Trunk lean',
});

/** The measured value with its unit, for display. */
export function formatMeasureValue(m: PostureMeasure): string {
  if (m.value === null) return '—';
  if (m.unit === 'bodyHeights') return `${(m.value * 100).toFixed(1)}% of height`;
  return `${m.value.toFixed(1)}°`;
}

function pairWords(v: number, part: string, plural: string): string {
  if (Math.abs(v) < LEVEL_WORDS_TOLERANCE_DEG) return `Your ${plural} are level (within ${LEVEL_WORDS_TOLERANCE_DEG}°).`;
  return `Your ${v > 0 ? 'right' : 'left'} ${part} is ${deg(v)} higher than your ${v > 0 ? 'left' : 'right'}.`;
}

/** One plain sentence saying what a measure found. */
export function measureSentence(m: PostureMeasure): string {
  if (m.value === null) return `Could not be measured: ${m.reason ?? 'not seen well enough'}.`;
  const v = m.value;
  switch (m.id) {
    case 'shoulderLevelDeg':
      return pairWords(v, 'shoulder', 'shoulders');
    case 'pelvicLevelDeg':
      return pairWords(v, 'hip', 'hips');
    case 'headTiltDeg':
      return Math.abs(v) < LEVEL_WORDS_TOLERANCE_DEG ? 'Your head is straight.' : `Your head tilts: your ${v > 0 ? 'right' : 'left'} ear is ${deg(v)} higher.`;
    case 'trunkShiftBodyHeights': {
      const pct = Math.abs(v * 100);
      if (pct < 0.5) return 'Your shoulders are centred over your hips.';
      return `Your shoulders sit ${pct.toFixed(1)}% of your height to the ${v > 0 ? 'right' : 'left'} of your hips (about ${Math.round(pct * 1.7)} cm if you are 1.70 m tall).`;
    }
    case 'forwardHeadDeg':
      return `The line from your shoulder to your ear rises ${v.toFixed(0)}° from horizontal (90° is straight up; lower means the head sits further forward). This is an approximation of the craniovertebral angle.`;
    case 'trunkForwardLeanDeg':
      return Math.abs(v) < 1 ? 'Your trunk is upright.' : `Your trunk leans ${deg(v)} ${v > 0 ? 'forward' : 'backward'}.`;
  }
}

/** Plain words for one side of the single-leg test (keyed by the leg stood on). */
export function singleLegSentence(a: SingleLegAttempt): string {
  const leg = `Standing on your ${a.stanceSide} leg`;
  const held = a.heldFullTime ? `you held the full ${a.holdS.toFixed(0)} seconds` : `you held ${a.holdS.toFixed(1)} seconds`;
  const drop =
    a.peakPelvicDropDeg === null
      ? 'your hips could not be seen well enough to check the pelvis'
      : a.peakPelvicDropDeg > 0.05
        ? `your ${a.liftedSide} hip dipped by up to ${a.peakPelvicDropDeg.toFixed(1)}°`
        : `your ${a.liftedSide} hip stayed up`;
  return `${leg}, ${held}, and ${drop}.`;
}
