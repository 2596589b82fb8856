import { describe, expect, it } from 'vitest';
import { componentHarness } from '../test-harness.ts';
import { createPatient, listHomeResults, listSessions } from '../../storage/index.ts';
import HomeCheck from './HomeCheck.svelte';
import { saveStandingResult } from './saveResult.ts';

const h = componentHarness({ settleRounds: 4, settleMs: 5 });
const { q, settle } = h;

describe('saveStandingResult', () => {
  it('with a patient: a session of that patient, nothing in the home history', async () => {
    const p = await createPatient({ name: 'A. Patient' });
    const note = await saveStandingResult('posture', { view: 'frontal', measures: [{ id: 'shoulder-level', valueDeg: 1.5 }] }, p.id);
    expect(note).toMatch(/patient's history/);
    const sessions = await listSessions(p.id);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ kind: 'posture', patientId: p.id, report: { view: 'frontal', measures: [{ id: 'shoulder-level', valueDeg: 1.5 }] } });
    expect(await listHomeResults()).toEqual([]);
  });

  it('without a patient: the home history on this device, as before', async () => {
    const note = await saveStandingResult('single-leg', { sides: { left: null, right: { holdS: 12 } } }, null);
    expect(note).toMatch(/your history on this device/);
    const home = await listHomeResults('single-leg');
    expect(home.map((h) => h.result)).toEqual([{ sides: { left: null, right: { holdS: 12 } } }]);
  });

  it('an unknown patient is reported in words, not thrown', async () => {
    const note = await saveStandingResult('posture', { view: 'sagittal' }, 'no-such-patient');
    expect(note).toMatch(/^Could not save this result/);
    expect(await listHomeResults()).toEqual([]);
  });
});

describe('HomeCheck', () => {
  it('at home: the full menu', async () => {
    h.mount(HomeCheck, {});
    await settle();
    for (const id of ['home-posture', 'home-single-leg', 'home-gait', 'home-exercises', 'home-history']) expect(q(id)).not.toBeNull();
    expect(h.target.textContent).toContain('Check at home');
  });

  it('from the clinic: opens the asked test, and its menu offers the standing tests only', async () => {
    const p = await createPatient({ name: 'B. Patient' });
    h.mount(HomeCheck, { patientId: p.id, initialMode: 'posture' });
    await settle();
    expect(q('posture-view-frontal')).not.toBeNull();
    const back = [...h.target.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Back');
    back?.click();
    await settle();
    expect(q('home-posture')).not.toBeNull();
    expect(q('home-single-leg')).not.toBeNull();
    expect(q('home-gait')).toBeNull();
    expect(q('home-history')).toBeNull();
    expect(h.target.textContent).toMatch(/saved in the patient's history/);
  });
});
