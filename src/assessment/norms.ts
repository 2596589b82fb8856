/**
 * The one table of norms and flag thresholds (metrics.md "Reference numbers").
 * Each entry cites its source, or states the screening rule used where no published
 * cut-off exists (`screeningRule`); the report then says it is a screening rule.
 * Frozen: override by spread, never mutate.
 */
import type { MetricId } from '../kinematics/types.ts';

/** Full citations used by the norms and the flag rules (one place, reused by text). */
export const SOURCES = Object.freeze({
  patterson2010:
    'Patterson KK, Gage WH, Brooks D, Black SE, McIlroy WE. Evaluation of gait symmetry after stroke: a comparison of current methods and recommendations for standardization. Gait Posture 2010;31(2):241-246.',
  kirtley1985:
    'Kirtley C, Whittle MW, Jefferson RJ. Influence of walking speed on gait parameters. J Biomed Eng 1985;7(4):282-288.',
  bohannon2011:
    'Bohannon RW, Andrews AW. Normal walking speed: a descriptive meta-analysis. Physiotherapy 2011;97(3):182-189.',
  perry2010:
    'Perry J, Burnfield JM. Gait Analysis: Normal and Pathological Function, 2nd ed. Thorofare, NJ: SLACK; 2010.',
  bramah2018:
    'Bramah C, Preece SJ, Gill N, Herrington L. Is there a pathological gait associated with common soft tissue running injuries? Am J Sports Med 2018;46(12):3023-3031.',
  hardcastle1985:
    'Hardcastle P, Nade S. The significance of the Trendelenburg test. J Bone Joint Surg Br 1985;67(5):741-746.',
  lau2009:
    'Lau HMC, Chiu TTW, Lam TH. Clinical measurement of craniovertebral angle by electronic head posture instrument: a test of reliability and validity. Man Ther 2009;14(4):363-368.',
  herrington2010:
    'Herrington L, Munro A. Drop jump landing knee valgus angle; normative data in a physically active population. Phys Ther Sport 2010;11(2):56-59.',
  stenum2021:
    'Stenum J, Rossi C, Roemmich RT. Two-dimensional video-based analysis of human gait using pose estimation. PLoS Comput Biol 2021;17(4):e1008935.',
  whittle2007:
    'Whittle MW. Gait Analysis: An Introduction, 4th ed. Edinburgh: Butterworth-Heinemann; 2007 (normal ranges of cadence by age and sex, chapter 2).',
  tudorLocke2018:
    'Tudor-Locke C, Han H, Aguiar EJ, et al. How fast is fast enough? Walking cadence (steps/min) as a practical estimate of intensity in adults: a narrative review. Br J Sports Med 2018;52(12):776-788.',
  fritz2009:
    'Fritz S, Lusardi M. White paper: "walking speed: the sixth vital sign". J Geriatr Phys Ther 2009;32(2):2-5.',
  studenski2011:
    'Studenski S, Perera S, Patel K, et al. Gait speed and survival in older adults. JAMA 2011;305(1):50-58.',
} as const);

/** Who a norm applies to (age in years, inclusive bounds). */
export interface NormAppliesTo {
  sex?: 'female' | 'male';
  ageMinYears?: number;
  ageMaxYears?: number;
}

/** Severity bands: the value at which each severity starts (direction given by the entry). */
export interface SeverityBands {
  mild: number;
  moderate: number;
  marked: number;
}

/**
 * One norm or threshold. `range` is the normal range shown in the report; `above`/`below`
 * is the flag threshold (a flag fires strictly beyond it; at the threshold it does not).
 * `source` is a full citation; `screeningRule` states the rule where no published cut-off exists.
 */
export interface NormEntry {
  id: string;
  metric: MetricId | string;
  unit: string;
  range?: { min?: number; max?: number };
  above?: number;
  below?: number;
  bands?: SeverityBands;
  mean?: number;
  appliesTo?: NormAppliesTo;
  source?: string;
  screeningRule?: string;
  note?: string;
}

// Bohannon & Andrews 2011, comfortable gait speed (cm/s → m/s), mean by sex and decade.
const BOHANNON_MEANS_MPS: readonly { sex: 'female' | 'male'; ageMinYears: number; ageMaxYears: number; mean: number }[] = [
  { sex: 'male', ageMinYears: 20, ageMaxYears: 29, mean: 1.358 },
  { sex: 'male', ageMinYears: 30, ageMaxYears: 39, mean: 1.433 },
  { sex: 'male', ageMinYears: 40, ageMaxYears: 49, mean: 1.434 },
  { sex: 'male', ageMinYears: 50, ageMaxYears: 59, mean: 1.433 },
  { sex: 'male', ageMinYears: 60, ageMaxYears: 69, mean: 1.339 },
  { sex: 'male', ageMinYears: 70, ageMaxYears: 79, mean: 1.262 },
  { sex: 'male', ageMinYears: 80, ageMaxYears: 99, mean: 0.968 },
  { sex: 'female', ageMinYears: 20, ageMaxYears: 29, mean: 1.341 },
  { sex: 'female', ageMinYears: 30, ageMaxYears: 39, mean: 1.337 },
  { sex: 'female', ageMinYears: 40, ageMaxYears: 49, mean: 1.39 },
  { sex: 'female', ageMinYears: 50, ageMaxYears: 59, mean: 1.401 },
  { sex: 'female', ageMinYears: 60, ageMaxYears: 69, mean: 1.241 },
  { sex: 'female', ageMinYears: 70, ageMaxYears: 79, mean: 1.132 },
  { sex: 'female', ageMinYears: 80, ageMaxYears: 99, mean: 0.943 },
];

/** Screening fraction of the age/sex mean below which gait speed is flagged as slow (stated rule). */
export const SLOW_SPEED_FRACTION_OF_MEAN = 0.85;

const speedRule =
  `Flagged when below ${SLOW_SPEED_FRACTION_OF_MEAN * 100}% of the age/sex mean (screening rule; Bohannon & Andrews give means, not cut-offs). ` +
  'Moderate below 1.0 m/s (Fritz & Lusardi 2009), marked below 0.8 m/s (Studenski et al. 2011), when those are also below the screening threshold.';

const speedNorms: NormEntry[] = BOHANNON_MEANS_MPS.map((b) => ({
  id: `gait-speed-${b.sex}-${b.ageMinYears}-${b.ageMaxYears}`,
  metric: 'gaitSpeedMps',
  unit: 'm/s',
  mean: b.mean,
  range: { min: round3(b.mean * SLOW_SPEED_FRACTION_OF_MEAN) },
  below: round3(b.mean * SLOW_SPEED_FRACTION_OF_MEAN),
  bands: { mild: round3(b.mean * SLOW_SPEED_FRACTION_OF_MEAN), moderate: 1.0, marked: 0.8 },
  appliesTo: { sex: b.sex, ageMinYears: b.ageMinYears, ageMaxYears: b.ageMaxYears },
  source: `${SOURCES.bohannon2011} Bands: ${SOURCES.fritz2009} ${SOURCES.studenski2011}`,
  screeningRule: speedRule,
}));

// Whittle 2007: approximate normal ranges of cadence in free walking, by age band and sex.
const WHITTLE_CADENCE: readonly { sex: 'female' | 'male'; ageMinYears: number; ageMaxYears: number; min: number; max: number }[] = [
  { sex: 'female', ageMinYears: 18, ageMaxYears: 49, min: 98, max: 138 },
  { sex: 'male', ageMinYears: 18, ageMaxYears: 49, min: 91, max: 135 },
  { sex: 'female', ageMinYears: 50, ageMaxYears: 80, min: 96, max: 138 },
  { sex: 'male', ageMinYears: 50, ageMaxYears: 80, min: 81, max: 131 },
];

const cadenceNorms: NormEntry[] = WHITTLE_CADENCE.map((w) => ({
  id: `cadence-${w.sex}-${w.ageMinYears}-${w.ageMaxYears}`,
  metric: 'cadenceStepsPerMin',
  unit: 'steps/min',
  range: { min: w.min, max: w.max },
  below: w.min,
  bands: { mild: w.min, moderate: w.min - 10, marked: w.min - 20 },
  appliesTo: { sex: w.sex, ageMinYears: w.ageMinYears, ageMaxYears: w.ageMaxYears },
  source: SOURCES.whittle2007,
  screeningRule: 'Flagged below the lower end of the normal range; moderate 10 and marked 20 steps/min below it (screening bands).',
}));

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Every norm and flag threshold Gaitscope uses. Don't mutate: frozen. */
export const NORMS: readonly Readonly<NormEntry>[] = Object.freeze(
  [
    {
      id: 'step-length-asymmetry',
      metric: 'stepLengthSymmetryRatio',
      unit: 'ratio',
      range: { min: 1, max: 1.08 },
      above: 1.08,
      bands: { mild: 1.08, moderate: 1.15, marked: 1.25 },
      source: SOURCES.patterson2010,
      note: 'Upper limit of healthy step-length symmetry ratio (larger/smaller). Severity bands above it are screening bands.',
    },
    {
      id: 'stance-time-asymmetry',
      metric: 'stanceTimeSymmetryRatio',
      unit: 'ratio',
      range: { min: 1, max: 1.05 },
      above: 1.05,
      bands: { mild: 1.05, moderate: 1.1, marked: 1.2 },
      source: SOURCES.patterson2010,
      note: 'Upper limit of healthy stance-time symmetry ratio. Severity bands above it are screening bands.',
    },
    {
      id: 'swing-time-asymmetry',
      metric: 'swingTimeSymmetryRatio',
      unit: 'ratio',
      range: { min: 1, max: 1.06 },
      above: 1.06,
      source: SOURCES.patterson2010,
      note: 'Reference only: the report does not carry a swing-time ratio yet.',
    },
    {
      id: 'stance-fraction',
      metric: 'stanceFraction',
      unit: 'fraction',
      range: { min: 0.58, max: 0.63 },
      source: SOURCES.kirtley1985,
      note: 'Expected stance % ≈ 64.2 − 3.5 × speed (m/s): about 0.60–0.62 at comfortable speed. See expectedStanceFraction().',
    },
    {
      id: 'knee-flexion-swing',
      metric: 'kneeFlexionPeakSwingDeg',
      unit: '°',
      range: { min: 55, max: 65 },
      below: 55,
      bands: { mild: 55, moderate: 50, marked: 40 },
      source: `${SOURCES.perry2010} Video error: ${SOURCES.stenum2021}`,
      screeningRule:
        'Flagged below the normal 55°; moderate below 50° (beyond the ≈5° error of 2D video angles, Stenum et al. 2021); marked below 40° (a stiff-knee pattern). Bands are screening bands.',
    },
    {
      id: 'hip-extension-late-stance',
      metric: 'hipExtensionPeakDeg',
      unit: '°',
      range: { min: 10, max: 20 },
      below: 10,
      bands: { mild: 10, moderate: 5, marked: 0 },
      source: `${SOURCES.perry2010} Video error: ${SOURCES.stenum2021}`,
      screeningRule:
        'Thigh-to-vertical angle, not the lab hip angle. Flagged below 10°; moderate below 5° (beyond the ≈5° 2D video error); marked below 0° (the knee never passes behind the hip). Bands are screening bands.',
    },
    {
      id: 'pelvic-obliquity-range',
      metric: 'pelvicObliquityRangeDeg',
      unit: '°',
      range: { min: 5, max: 9 },
      source: SOURCES.perry2010,
      note: 'Total frontal pelvic excursion in normal walking, about ±3–5° (lab motion capture). Reference only.',
    },
    {
      id: 'contralateral-pelvic-drop',
      metric: 'contralateralPelvicDropDeg',
      unit: '°',
      range: { min: 0, max: 6 },
      above: 6,
      bands: { mild: 6, moderate: 8, marked: 10 },
      source: `${SOURCES.perry2010} Risk per degree: ${SOURCES.bramah2018}`,
      screeningRule:
        'Normal walking drops the swing side about 4–5° (Perry & Burnfield). Flagged above 6°, moderate above 8°, marked above 10° (screening bands). Bramah et al. 2018 found each extra degree raised the odds of belonging to the injured runners by about 80%.',
    },
    {
      id: 'pelvic-drop-asymmetry',
      metric: 'contralateralPelvicDropDeg',
      unit: '° (left − right)',
      range: { max: 3 },
      above: 3,
      bands: { mild: 3, moderate: 5, marked: 7 },
      screeningRule:
        'No published cut-off: flagged when the left and right drops differ by more than 3°; moderate above 5°, marked above 7° (screening rule).',
    },
    {
      id: 'trunk-lateral-lean',
      metric: 'trunkLateralLeanDeg',
      unit: '°',
      range: { min: 0, max: 5 },
      above: 5,
      bands: { mild: 5, moderate: 8, marked: 12 },
      source: SOURCES.hardcastle1985,
      screeningRule:
        'No published cut-off for walking: healthy walkers lean the trunk only a few degrees toward the stance side. Flagged above 5°, moderate above 8°, marked above 12° (screening rule). Leaning over the stance hip is the compensated Trendelenburg pattern (Hardcastle & Nade 1985).',
    },
    {
      id: 'lateral-pelvic-tilt',
      metric: 'lateralPelvicTiltDeg',
      unit: '°',
      range: { min: -3, max: 3 },
      above: 3,
      bands: { mild: 3, moderate: 5, marked: 8 },
      screeningRule:
        'No published cut-off: flagged when one hip sits more than 3° higher (about 1 cm over the width between the hip joints); moderate above 5°, marked above 8° (screening rule). Only as level as the camera.',
    },
    // ---- Standing posture and single-leg stance (posture.ts reads these) ----
    {
      id: 'posture-shoulder-level',
      metric: 'shoulderLevelDeg',
      unit: '°',
      range: { min: -3, max: 3 },
      above: 3,
      screeningRule: 'No published cut-off for a camera measure: shoulders level within 3° either way (screening rule; + = right higher).',
    },
    {
      id: 'posture-pelvic-level',
      metric: 'pelvicLevelDeg',
      unit: '°',
      range: { min: -3, max: 3 },
      above: 3,
      screeningRule: 'Same rule as lateral pelvic tilt: hips level within 3° either way (about 1 cm across the hip joints; screening rule).',
    },
    {
      id: 'posture-head-tilt',
      metric: 'headTiltDeg',
      unit: '°',
      range: { min: -4, max: 4 },
      above: 4,
      screeningRule: 'No published cut-off for a camera measure: head level within 4° either way (screening rule; + = right side higher).',
    },
    {
      id: 'posture-trunk-shift',
      metric: 'trunkShiftBodyHeights',
      unit: 'body heights',
      range: { min: -0.02, max: 0.02 },
      above: 0.02,
      screeningRule: 'No published cut-off: shoulders centred over the hips within 0.02 body heights (about 3.5 cm for a 1.7 m person; screening rule).',
    },
    {
      id: 'posture-forward-head',
      metric: 'forwardHeadDeg',
      unit: '°',
      range: { min: 48 },
      below: 48,
      source: SOURCES.lau2009,
      note: 'Craniovertebral angle 50.6 ± 2.1° without vs 43.9 ± 3.6° with neck pain (Lau et al. 2009); the app uses an ear–shoulder proxy, so 48° is a screening line between the two groups (metrics.md).',
    },
    {
      id: 'posture-trunk-forward-lean',
      metric: 'trunkForwardLeanDeg',
      unit: '°',
      range: { min: -5, max: 5 },
      above: 5,
      screeningRule: 'No published cut-off for a camera measure: trunk within 5° of vertical when standing (screening rule; + = leaning forward).',
    },
    {
      id: 'posture-knee-fppa-female',
      metric: 'kneeFppaDeg',
      unit: '°',
      range: { min: 5, max: 12 },
      above: 12,
      appliesTo: { sex: 'female' },
      source: SOURCES.herrington2010,
      note: 'Normal knee valgus (frontal plane projection angle) 5–12° in women for a unilateral step landing; used here for a single-leg squat (metrics.md).',
    },
    {
      id: 'posture-knee-fppa-male',
      metric: 'kneeFppaDeg',
      unit: '°',
      range: { min: 1, max: 9 },
      above: 9,
      appliesTo: { sex: 'male' },
      source: SOURCES.herrington2010,
      note: 'Normal knee valgus (frontal plane projection angle) 1–9° in men for a unilateral step landing; used here for a single-leg squat (metrics.md).',
    },
    {
      id: 'single-leg-stance-hold',
      metric: 'singleLegStanceHoldS',
      unit: 's',
      range: { min: 30 },
      below: 30,
      source: SOURCES.hardcastle1985,
      note: 'Trendelenburg test: positive if the pelvis on the lifted side drops, or cannot be held up for 30 s.',
    },
    {
      id: 'single-leg-stance-drop',
      metric: 'singleLegStanceDropDeg',
      unit: '°',
      range: { max: 2 },
      above: 2,
      source: SOURCES.hardcastle1985,
      screeningRule: 'The lifted side should rise; it counts as dropped when it ends more than 2° lower than in quiet two-leg standing (2° tolerance for camera noise; screening rule).',
    },
    ...speedNorms,
    ...cadenceNorms,
    {
      id: 'cadence-moderate-intensity',
      metric: 'cadenceStepsPerMin',
      unit: 'steps/min',
      range: { min: 100 },
      source: SOURCES.tudorLocke2018,
      note: 'About 100 steps/min marks moderate-intensity walking in adults. Reference for walking programmes only, not a flag.',
    },
    {
      id: 'measurement-error-2d-video',
      metric: 'measurementError',
      unit: 's / m / °',
      range: { max: 0.02 },
      source: SOURCES.stenum2021,
      note: '2D video vs motion capture (side view): step time ≈ 0.02 s, step length ≈ 0.05 m per step, hip/knee angles ≈ 4–6°.',
    },
  ].map((e) => Object.freeze(e as NormEntry)),
);

/** The norm with this id; throws if it does not exist (a typo is a bug, not data). */
export function norm(id: string): Readonly<NormEntry> {
  const n = NORMS.find((e) => e.id === id);
  if (!n) throw new Error(`no norm with id "${id}"`);
  return n;
}

/** Expected stance fraction (0..1) at this gait speed: (64.2 − 3.5 × speedMps) / 100 (Kirtley et al. 1985). */
export function expectedStanceFraction(speedMps: number): number {
  return (64.2 - 3.5 * speedMps) / 100;
}

/** Picks the age/sex norm for `metric` (gaitSpeedMps or cadenceStepsPerMin); with sex unknown/other, the lower (more lenient) of the two. */
export function ageSexNorm(
  metric: 'gaitSpeedMps' | 'cadenceStepsPerMin',
  ageYears: number,
  sex?: 'female' | 'male' | 'other',
): Readonly<NormEntry> | null {
  const age = Math.floor(ageYears);
  const fits = NORMS.filter(
    (e) =>
      e.metric === metric &&
      e.appliesTo !== undefined &&
      e.below !== undefined &&
      (e.appliesTo.ageMinYears ?? -Infinity) <= age &&
      age <= (e.appliesTo.ageMaxYears ?? Infinity),
  );
  const bySex = sex === 'female' || sex === 'male' ? fits.filter((e) => e.appliesTo?.sex === sex) : fits;
  if (bySex.length === 0) return null;
  return bySex.reduce((a, b) => ((b.below ?? 0) < (a.below ?? 0) ? b : a));
}
