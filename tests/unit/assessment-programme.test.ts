import { describe, expect, it } from 'vitest';
import type { Flag } from '../../src/kinematics/types.ts';
import { sampleReport, stat } from '../../src/assessment/fixtures.ts';
import {
  EXERCISE_CATEGORY_ORDER,
  FLAG_EXERCISES,
  FLAG_IDS,
  MAINTENANCE_EXERCISES,
  MAX_PROGRAMME_EXERCISES,
  PROGRESSION_RULE,
  buildProgramme,
  programmeFromReportExercises,
  toReportExercises,
  summarise,
  plainWarning,
  flagReport,
  type FlagId,
  type Programme,
} from '../../src/assessment/index.ts';

function flag(id: FlagId, severity: Flag['severity'] = 'mild', side: Flag['side'] = null): Flag {
  return { id, side, severity, metric: 'x', value: 1, threshold: 1, finding: `finding ${id}`, source: 's' };
}

function categoriesInOrder(p: Programme): boolean {
  const idx = p.items.map((it) => EXERCISE_CATEGORY_ORDER.indexOf(it.exercise.category));
  return idx.every((v, i) => i === 0 || (idx[i - 1] as number) <= v);
}

describe('programme builder', () => {
  for (const id of FLAG_IDS) {
    it(`${id} → its first-choice exercises, ordered, with dose and progression`, () => {
      const p = buildProgramme([flag(id)]);
      expect(p.kind).toBe('targeted');
      const ids = p.items.map((it) => it.exercise.id);
      expect(ids.length).toBeLessThanOrEqual(MAX_PROGRAMME_EXERCISES);
      // With one finding the programme is that finding's list, up to the cap.
      expect(new Set(ids)).toEqual(new Set(FLAG_EXERCISES[id].slice(0, MAX_PROGRAMME_EXERCISES)));
      for (const it of p.items) {
        expect(it.forFlags).toEqual([id]);
        expect(it.dose.length).toBeGreaterThan(5);
      }
      expect(categoriesInOrder(p)).toBe(true);
      expect(p.progressionRule).toBe(PROGRESSION_RULE);
    });
  }

  it('contralateral pelvic drop → hip abductor strengthening first (metrics.md example)', () => {
    const ids = buildProgramme([flag('contralateral-pelvic-drop', 'moderate', 'right')]).items.map((i) => i.exercise.id);
    expect(ids).toEqual(expect.arrayContaining(['side-lying-hip-abduction', 'side-plank-hip-abduction', 'single-leg-stance', 'lateral-band-walk']));
  });
  it('little hip extension → hip flexor stretch and bridge', () => {
    const ids = buildProgramme([flag('reduced-hip-extension')]).items.map((i) => i.exercise.id);
    expect(ids).toEqual(expect.arrayContaining(['half-kneeling-hip-flexor-stretch', 'glute-bridge']));
    expect(ids[0]).toBe('half-kneeling-hip-flexor-stretch'); // mobility before strength
  });

  it('several findings: every finding gets an exercise, marked findings first, cap respected', () => {
    const flags = [flag('lateral-pelvic-tilt', 'mild'), flag('reduced-knee-flexion-swing', 'marked', 'left'), flag('step-length-asymmetry', 'moderate'), flag('trunk-lateral-lean', 'mild', 'left')];
    const p = buildProgramme(flags);
    expect(p.items.length).toBe(MAX_PROGRAMME_EXERCISES);
    const covered = new Set(p.items.flatMap((i) => i.forFlags));
    for (const f of flags) expect(covered, f.id).toContain(f.id);
    expect(categoriesInOrder(p)).toBe(true);
    // the marked finding's top two exercises made it in
    const ids = p.items.map((i) => i.exercise.id);
    expect(ids).toEqual(expect.arrayContaining(FLAG_EXERCISES['reduced-knee-flexion-swing'].slice(0, 2)));
    // a marked finding starts with the easier version; a one-sided one adds a set on that side
    const heel = p.items.find((i) => i.exercise.id === 'heel-slides');
    expect(heel?.note).toMatch(/easier version/);
    expect(heel?.note).toMatch(/left side/);
  });

  it('no findings → the maintenance programme', () => {
    const p = buildProgramme([]);
    expect(p.kind).toBe('maintenance');
    expect(new Set(p.items.map((i) => i.exercise.id))).toEqual(new Set(MAINTENANCE_EXERCISES));
    expect(p.items.every((i) => i.forFlags.length === 0)).toBe(true);
    expect(categoriesInOrder(p)).toBe(true);
    // unknown flag ids are ignored
    expect(buildProgramme([{ ...flag('slow-cadence'), id: 'something-else' }]).kind).toBe('maintenance');
  });

  it('a stored programme round-trips through report exercises', () => {
    const p = buildProgramme([flag('reduced-knee-flexion-swing', 'marked', 'left')]);
    const back = programmeFromReportExercises([...toReportExercises(p), { id: 'not-in-catalogue', forFlags: [], dose: 'x' }]);
    expect(back.kind).toBe('targeted');
    expect(back.items.map((i) => [i.exercise.id, i.dose, i.note])).toEqual(p.items.map((i) => [i.exercise.id, i.dose, i.note]));
    expect(programmeFromReportExercises([]).kind).toBe('maintenance');
  });
  it('report exercises carry catalogue ids, flags and dose', () => {
    const ex = toReportExercises(buildProgramme([flag('slow-gait-speed')]));
    expect(ex[0]).toMatchObject({ forFlags: ['slow-gait-speed'] });
    expect(ex.map((e) => e.id)).toContain('walking-programme');
  });
});

describe('summary', () => {
  it('findings first (most severe), then what is within range', () => {
    const r = sampleReport({ kneeFlexionPeakSwingDeg: { left: stat(35), right: stat(58) }, contralateralPelvicDropDeg: { left: stat(6.5), right: stat(4) } });
    const flags = flagReport(r);
    const lines = summarise(r, flags);
    expect(lines[0]).toMatch(/left knee bends only 35.0°.*\(marked\)$/);
    expect(lines[1]).toMatch(/stand on your left leg.*\(mild\)$/);
    const within = lines.find((l) => l.startsWith('Within the usual range'));
    expect(within).toBeDefined();
    expect(within).toMatch(/evenness of step length [^;]*\(1\.03\)/); // not flagged metrics listed…
    expect(within).not.toContain('knee bends'); // …flagged ones not
    expect(within).not.toContain('walking speed'); // no age given: no speed norm
  });
  it('no findings → says so; "and N more" when many', () => {
    expect(summarise(sampleReport(), [])).toContain('Nothing this app checks was outside the usual range.');
    const many = summarise(sampleReport(), FLAG_IDS.slice(0, 5).map((id) => flag(id)));
    expect(many[3]).toBe('…and 2 more findings in the list below.');
  });
  it('turns warnings and poor quality into plain words', () => {
    const r = sampleReport({}, { quality: { framesAnalysed: 100, meanFps: 12, keypointCoverageFraction: 0.6, warnings: ['stepLengthM needs subject.heightM', 'contralateralPelvicDropDeg needs a frontal view', 'two strides touched a gap'] } });
    const lines = summarise(r, []);
    expect(lines).toContain('Step length could not be measured: it needs the person’s height (enter it to get metres).');
    // A side-view report: the front-view metric is one general line, and other notes stay out of the summary.
    expect(lines.some((l) => l.startsWith('Contralateral pelvic drop could not be measured'))).toBe(false);
    expect(lines).toContain('Hip drop, pelvic tilt and trunk lean are measured only on a walk filmed from the front or from behind.');
    expect(lines.some((l) => l.includes('two strides touched a gap'))).toBe(false);
    expect(lines.some((l) => l.includes('60% seen'))).toBe(true);
    expect(lines.some((l) => l.includes('12 frames per second'))).toBe(true);
    expect(plainWarning('kneeFlexionPeakSwingDeg needs a sagittal view')).toBe('Peak knee flexion in swing could not be measured: it needs a walk filmed from the side.');
  });
});
