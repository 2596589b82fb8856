import { describe, expect, it } from 'vitest';
import { componentHarness } from '../test-harness.ts';
import { createPatient, listSessions } from '../../storage/index.ts';
import { measurePosture } from '../../kinematics/posture.ts';
import { makeStandingFigure } from '../../kinematics/postureSynthetic.ts';
import { assessPosture, exercisesForPosture } from '../home/homeAssess.ts';
import type { SavedPosture } from '../home/homeTypes.ts';
import { saveStandingResult } from '../home/saveResult.ts';
import { saveAssessmentSession } from '../patients/session.ts';
import SessionScreen from './SessionScreen.svelte';

const h = componentHarness({ settleRounds: 10, settleMs: 5 });
const { settle } = h;

describe('SessionScreen, standing tests', () => {
  it("a posture check saved for a patient shows as the result in words, with the patient's name", async () => {
    const p = await createPatient({ name: 'C. Patient' });
    const figure = (i: number) => makeStandingFigure({ pelvicTiltDeg: 4, t: i / 10 });
    const names = figure(0).names;
    const r = measurePosture(Array.from({ length: 30 }, (_, i) => figure(i).frame), names, 'frontal');
    const measures = assessPosture(r);
    const exercises = exercisesForPosture(measures);
    const saved: SavedPosture = { view: 'frontal', measures, exerciseIds: exercises.map((e) => e.id), override: null, stillS: 3, frameCount: r.frameCount, warnings: [] };
    await saveStandingResult('posture', saved, p.id);
    const [s] = await listSessions(p.id);
    h.mount(SessionScreen, { id: s!.id });
    await settle();
    const view = h.target.querySelector('[data-testid="posture-result"]');
    expect(view).not.toBeNull();
    expect(view?.getAttribute('data-view')).toBe('frontal');
    const pelvis = h.target.querySelector('[data-testid^="posture-measure-pelvic"]');
    expect(Number(pelvis?.getAttribute('data-value'))).toBeCloseTo(4, 0);
    expect(h.target.textContent).toContain('C. Patient');
    expect(h.target.querySelector('pre.raw')).toBeNull();
  });

  it('a standing-test session of another shape is shown as raw data, not crashing the view', async () => {
    const p = await createPatient({ name: 'D. Patient' });
    const id = await saveAssessmentSession({ patientId: p.id, kind: 'posture', report: { shoulderLevelDeg: 1.2 } });
    h.mount(SessionScreen, { id });
    await settle();
    expect(h.target.querySelector('[data-testid="posture-result"]')).toBeNull();
    expect(h.target.querySelector('pre.raw')?.textContent).toContain('shoulderLevelDeg');
  });
});
