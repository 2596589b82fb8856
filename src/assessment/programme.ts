/**
 * Findings → exercise programme (metrics.md "From findings to exercises"): at most
 * MAX_PROGRAMME_EXERCISES catalogue exercises, ordered education → mobility → strength →
 * core → balance → posture → gait, each with a weekly dose and a rule for when to progress.
 */
import type { Flag, ReportExercise } from '../kinematics/types.ts';
import { EXERCISES, EXERCISE_CATEGORY_ORDER, exerciseById, type Exercise } from './exercises.ts';
import { FLAG_IDS, severityRank, type FlagId } from './flags.ts';

/** Upper bound on programme length (issue 4: "at most about 6"). */
export const MAX_PROGRAMME_EXERCISES = 6;

/** For each flag, the catalogue exercises that answer it, most important first. */
export const FLAG_EXERCISES: Readonly<Record<FlagId, readonly string[]>> = Object.freeze({
  'contralateral-pelvic-drop': ['side-lying-hip-abduction', 'side-plank-hip-abduction', 'single-leg-stance', 'lateral-band-walk', 'single-leg-squat', 'mirror-gait-retraining'],
  'pelvic-drop-asymmetry': ['side-lying-hip-abduction', 'single-leg-stance', 'clamshell', 'mirror-gait-retraining'],
  'trunk-lateral-lean': ['side-plank-hip-abduction', 'mirror-gait-retraining', 'dead-bug', 'single-leg-stance', 'education-activity-modification'],
  'step-length-asymmetry': ['metronome-even-steps', 'half-kneeling-hip-flexor-stretch', 'step-up', 'education-activity-modification'],
  'stance-time-asymmetry': ['standing-weight-shift', 'metronome-even-steps', 'single-leg-stance', 'education-activity-modification'],
  'reduced-hip-extension': ['half-kneeling-hip-flexor-stretch', 'glute-bridge', 'push-off-gait-drill', 'bird-dog'],
  'reduced-knee-flexion-swing': ['heel-slides', 'stationary-cycling', 'bridge-hamstring-walkout', 'standing-hip-flexion-band', 'push-off-gait-drill'],
  'slow-gait-speed': ['walking-programme', 'sit-to-stand', 'step-up', 'education-activity-modification'],
  'slow-cadence': ['metronome-even-steps', 'walking-programme', 'sit-to-stand'],
  'lateral-pelvic-tilt': ['education-standing-posture', 'wall-posture-drill', 'side-lying-hip-abduction'],
});

/** Maintenance / prevention programme when nothing is flagged: the hip-preservation basics. */
export const MAINTENANCE_EXERCISES: readonly string[] = Object.freeze([
  'education-activity-modification',
  'half-kneeling-hip-flexor-stretch',
  'side-lying-hip-abduction',
  'glute-bridge',
  'bird-dog',
  'walking-programme',
]);

/** When to move an exercise on: a stated rule in the style of clinical pain monitoring (no single published cut-off). */
export const PROGRESSION_RULE =
  'Move to the harder version (or add about 10% more repetitions, time or load) when you can do all sets with good form for a week, ' +
  'pain stays at 3 out of 10 or less during the exercise, and the hip is no worse the next morning. ' +
  'If pain goes above that or lasts into the next day, go back to the easier version for a week.';

/** One programme item: the catalogue exercise, the flags it answers, and the dose for this person. */
export interface ProgrammeItem {
  exercise: Readonly<Exercise>;
  forFlags: string[];
  dose: string;
  note?: string;
}

/** A programme: targeted (from findings) or maintenance (nothing flagged). */
export interface Programme {
  kind: 'targeted' | 'maintenance';
  items: ProgrammeItem[];
  progressionRule: string;
  weeklyPlan: string;
}

const WEEKLY_PLAN =
  'Education and posture tips every day; stretches and range-of-motion work 5 days a week; strength, core and balance exercises 3–4 days a week with a rest day between hard sessions; gait practice within your walks 4–5 days a week. Review with your therapist after 4–6 weeks.';

function categoryIndex(e: Readonly<Exercise>): number {
  return EXERCISE_CATEGORY_ORDER.indexOf(e.category);
}

/**
 * Builds the programme from flags: flags are taken by severity (marked first), each flag
 * gets its top exercise in turn (round-robin) until MAX_PROGRAMME_EXERCISES, then items are
 * ordered by category. Unknown flag ids are ignored. No flags → the maintenance programme.
 */
export function buildProgramme(flags: readonly Flag[], options: { maxExercises?: number } = {}): Programme {
  const max = options.maxExercises ?? MAX_PROGRAMME_EXERCISES;
  const known = flags.filter((f): f is Flag & { id: FlagId } => (FLAG_IDS as readonly string[]).includes(f.id));
  if (known.length === 0) {
    const items = MAINTENANCE_EXERCISES.slice(0, max).map((id) => {
      const exercise = exerciseById(id);
      return { exercise, forFlags: [], dose: exercise.dose };
    });
    return { kind: 'maintenance', items: sortItems(items), progressionRule: PROGRESSION_RULE, weeklyPlan: WEEKLY_PLAN };
  }
  // One entry per flag id (sides merged), keeping the most severe.
  const byId = new Map<FlagId, Flag>();
  for (const f of known) {
    const prev = byId.get(f.id);
    if (!prev || severityRank(f.severity) > severityRank(prev.severity)) byId.set(f.id, f);
  }
  const ordered = [...byId.values()].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || FLAG_IDS.indexOf(a.id as FlagId) - FLAG_IDS.indexOf(b.id as FlagId),
  );
  const chosen: string[] = [];
  const cursor = new Map<string, number>(ordered.map((f) => [f.id, 0]));
  let added = true;
  while (chosen.length < max && added) {
    added = false;
    for (const f of ordered) {
      if (chosen.length >= max) break;
      const list = FLAG_EXERCISES[f.id as FlagId];
      let i = cursor.get(f.id) ?? 0;
      while (i < list.length && chosen.includes(list[i] as string)) i++;
      if (i < list.length) {
        chosen.push(list[i] as string);
        added = true;
        i++;
      }
      cursor.set(f.id, i);
    }
  }
  const items: ProgrammeItem[] = chosen.map((id) => {
    const exercise = exerciseById(id);
    const forFlags = ordered.filter((f) => FLAG_EXERCISES[f.id as FlagId].includes(id)).map((f) => f.id);
    const sides = [...new Set(known.filter((f) => forFlags.includes(f.id) && f.side).map((f) => f.side))];
    const marked = known.some((f) => forFlags.includes(f.id) && f.severity === 'marked');
    const notes: string[] = [];
    if (sides.length === 1 && exercise.category !== 'education') notes.push(`Focus on the ${sides[0]} side: do one extra set on that side.`);
    if (marked && exercise.category !== 'education') notes.push(`Start with the easier version: ${exercise.easier}`);
    return { exercise, forFlags, dose: exercise.dose, ...(notes.length > 0 ? { note: notes.join(' ') } : {}) };
  });
  return { kind: 'targeted', items: sortItems(items), progressionRule: PROGRESSION_RULE, weeklyPlan: WEEKLY_PLAN };
}

function sortItems(items: ProgrammeItem[]): ProgrammeItem[] {
  return items
    .map((it, i) => ({ it, i }))
    .sort((a, b) => categoryIndex(a.it.exercise) - categoryIndex(b.it.exercise) || a.i - b.i)
    .map((x) => x.it);
}

/** The programme as report exercises (formats.md `exercises`: catalogue id, flags, dose). */
export function toReportExercises(programme: Programme): ReportExercise[] {
  return programme.items.map((it) => ({
    id: it.exercise.id,
    forFlags: [...it.forFlags],
    dose: it.dose,
    ...(it.note ? { extra: { note: it.note } } : {}),
  }));
}

/**
 * Rebuilds a programme from stored report exercises (formats.md `exercises`), e.g. to show or
 * print a saved session. Ids not in this catalogue are left out (an older or foreign report).
 */
export function programmeFromReportExercises(exercises: readonly ReportExercise[]): Programme {
  const items: ProgrammeItem[] = [];
  for (const r of exercises) {
    const exercise = EXERCISES.find((e) => e.id === r.id);
    if (!exercise) continue;
    const note = typeof r.extra?.note === 'string' ? r.extra.note : undefined;
    items.push({ exercise, forFlags: [...r.forFlags], dose: r.dose, ...(note ? { note } : {}) });
  }
  const kind = items.some((i) => i.forFlags.length > 0) ? 'targeted' : 'maintenance';
  return { kind, items, progressionRule: PROGRESSION_RULE, weeklyPlan: WEEKLY_PLAN };
}
