import 'fake-indexeddb/auto';
import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, createPatient, deleteEverything, listSessions } from '../../storage/index.ts';
import { measurePosture } from '../../kinematics/posture.ts';
import { makeStandingFigure } from '../../kinematics/postureSynthetic.ts';
import { assessPosture, exercisesForPosture } from '../home/homeAssess.ts';
import type { SavedPosture } from '../home/homeTypes.ts';
import { saveStandingResult } from '../home/saveResult.ts';
import { saveAssessmentSession } from '../patients/session.ts';
import SessionScreen from './SessionScreen.svelte';

let target: HTMLElement;
let app: ReturnType<typeof mount> | null = null;

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 5));
    flushSync();
    await tick();
  }
}

beforeEach(async () => {
  await deleteEverything();
  target = document.createElement('div');
  document.body.append(target);
});
afterEach(() => {
  if (app) void unmount(app);
  app = null;
  target.remove();
  closeDb();
});

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
    app = mount(SessionScreen, { target, props: { id: s!.id } });
    await settle();
    const view = target.querySelector('[data-testid="posture-result"]');
    expect(view).not.toBeNull();
    expect(view?.getAttribute('data-view')).toBe('frontal');
    const pelvis = target.querySelector('[data-testid^="posture-measure-pelvic"]');
    expect(Number(pelvis?.getAttribute('data-value'))).toBeCloseTo(4, 0);
    expect(target.textContent).toContain('C. Patient');
    expect(target.querySelector('pre.raw')).toBeNull();
  });

  it('a standing-test session of another shape is shown as raw data, not crashing the view', async () => {
    const p = await createPatient({ name: 'D. Patient' });
    const id = await saveAssessmentSession({ patientId: p.id, kind: 'posture', report: { shoulderLevelDeg: 1.2 } });
    app = mount(SessionScreen, { target, props: { id } });
    await settle();
    expect(target.querySelector('[data-testid="posture-result"]')).toBeNull();
    expect(target.querySelector('pre.raw')?.textContent).toContain('shoulderLevelDeg');
  });
});
