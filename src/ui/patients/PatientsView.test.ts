import { describe, expect, it, vi } from 'vitest';
import { componentHarness } from '../test-harness.ts';
import { createPatient, getDb, getSession, listPatients, listSessions } from '../../storage/index.ts';
import { sampleGaitReport } from '../report/sample-report.ts';
import PatientsView from './PatientsView.svelte';
import { saveAssessmentSession, saveGaitSession } from './session.ts';
import { trendPoints, trendSpecs } from './trends.ts';

const MARKUP_NAME = '<img src=x onerror=alert(1)>';
const h = componentHarness({ settleRounds: 8, settleMs: 10 });
const { q, byTestId, settle } = h;

function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('trends', () => {
  it('collects one point per gait session, per side, skipping other kinds', async () => {
    const p = await createPatient({ name: 'T' });
    const a = sampleGaitReport();
    const b = sampleGaitReport({ metrics: { ...sampleGaitReport().metrics, cadenceStepsPerMin: { value: 118 }, kneeFlexionPeakSwingDeg: { left: { mean: 60, sd: 1, n: 4 }, right: null } } });
    await saveGaitSession({ patientId: p.id, report: a });
    await saveAssessmentSession({ patientId: p.id, kind: 'posture', report: { cadenceStepsPerMin: { value: 1 } } });
    await saveGaitSession({ patientId: p.id, report: b });
    const sessions = await listSessions(p.id);
    expect(sessions).toHaveLength(3);
    const pts = trendPoints(sessions, 'cadenceStepsPerMin');
    expect(pts.map((x) => x.value)).toEqual([111.1, 118]);
    expect(trendPoints(sessions, 'kneeFlexionPeakSwingDeg').map((x) => [x.left, x.right])).toEqual([
      [59.5, 51.5],
      [60, null],
    ]);
    const specs = trendSpecs(sessions);
    expect(specs.map((s) => s.id)).not.toContain('trend-contralateralPelvicDropDeg'); // never measured (side view)
    expect(specs.find((s) => s.id === 'trend-cadenceStepsPerMin')?.caption).toContain('111.1 steps/min first, 118.0 steps/min latest');
  });
});

describe('PatientsView', () => {
  it('creates a patient with a markup name, shown as text, and finds them by search', async () => {
    h.mount(PatientsView, {});
    await settle();
    expect(byTestId('storage-statement').textContent).toContain('this browser only');
    byTestId('patient-new').click();
    await settle();
    // Empty name: the error names the field and nothing is stored.
    byTestId('patient-save').click();
    await settle();
    expect(h.target.querySelector('#pf-name-err')?.textContent).toContain('name or pseudonym is required');
    expect(await listPatients()).toEqual([]);

    type(byTestId('patient-name-input'), MARKUP_NAME);
    type(byTestId('patient-yob-input'), '1958');
    type(byTestId('patient-height-input'), '172');
    byTestId<HTMLFormElement>('patient-form').requestSubmit();
    await settle();
    const [stored] = await listPatients();
    expect(stored).toMatchObject({ name: MARKUP_NAME, yearOfBirth: 1958, heightM: 1.72 });
    expect(byTestId('patient-name').textContent).toBe(MARKUP_NAME);
    expect(byTestId('patient-item').textContent).toContain(MARKUP_NAME);
    expect(h.target.querySelector('img')).toBeNull();

    await createPatient({ name: 'Zoe' });
    type(byTestId('patient-search'), 'zo');
    await settle();
    expect([...h.target.querySelectorAll('[data-testid="patient-item"]')].map((e) => e.querySelector('.pname')?.textContent)).toEqual(['Zoe']);
    type(byTestId('patient-search'), 'nobody');
    await settle();
    expect(byTestId('patient-list-empty').textContent).toContain('No patient matches');
  });

  it('shows history with trends, opens and deletes sessions, deletes the patient for good', async () => {
    const p = await createPatient({ name: 'Uma', yearOfBirth: 1970 });
    const s1 = await saveGaitSession({ patientId: p.id, report: sampleGaitReport(), videoBlob: new Blob(['v'], { type: 'video/webm' }) });
    const s2 = await saveGaitSession({ patientId: p.id, report: sampleGaitReport({ metrics: { ...sampleGaitReport().metrics, cadenceStepsPerMin: { value: 104 } } }) });
    const onOpenSession = vi.fn();
    const onNewAssessment = vi.fn();
    h.mount(PatientsView, { onOpenSession, onNewAssessment });
    await settle();
    byTestId('patient-item').click();
    await settle();
    const rows = [...h.target.querySelectorAll<HTMLElement>('[data-testid="session-row"]')];
    expect(rows.map((r) => r.dataset.sessionId)).toEqual([s2, s1]); // newest first
    expect(rows[0]!.textContent).toContain('cadence 104.0 steps/min');
    expect(rows[1]!.textContent).toContain('video kept');
    const cadenceTrend = byTestId('chart-trend-cadenceStepsPerMin');
    expect(cadenceTrend.textContent).toContain('111.1 steps/min first, 104.0 steps/min latest');
    expect(cadenceTrend.querySelectorAll('tbody tr')).toHaveLength(2);

    rows[0]!.querySelector<HTMLElement>('[data-testid="session-open"]')!.click();
    expect(onOpenSession).toHaveBeenCalledWith(s2);
    byTestId('patient-new-assessment').click();
    expect(onNewAssessment).toHaveBeenCalledWith(p.id);

    rows[0]!.querySelector<HTMLElement>('[data-testid="session-delete"]')!.click();
    await settle();
    byTestId('session-delete-confirm').click();
    await settle();
    expect(await getSession(s2)).toBeUndefined();
    expect([...h.target.querySelectorAll<HTMLElement>('[data-testid="session-row"]')].map((r) => r.dataset.sessionId)).toEqual([s1]);

    byTestId('patient-delete').click();
    await settle();
    expect(h.target.querySelector('.confirm')?.textContent).toContain('all 1 session');
    byTestId('patient-delete-confirm').click();
    await settle();
    expect(await listPatients()).toEqual([]);
    expect(await getDb().sessions.count()).toBe(0);
    expect(q('patient-detail')).toBeNull();
    expect(byTestId('patients-message').textContent).toContain('Uma and all their sessions were deleted');
  });

  it('edits a patient', async () => {
    const p = await createPatient({ name: 'Vic', heightM: 1.8 });
    h.mount(PatientsView, {});
    await settle();
    byTestId('patient-item').click();
    await settle();
    byTestId('patient-edit').click();
    await settle();
    expect(byTestId<HTMLInputElement>('patient-height-input').value).toBe('180');
    type(byTestId('patient-name-input'), 'Victor');
    type(byTestId('patient-height-input'), '30');
    byTestId<HTMLFormElement>('patient-form').requestSubmit();
    await settle();
    expect(h.target.querySelector('#pf-height-err')?.textContent).toContain('between 50 and 250 cm');
    type(byTestId('patient-height-input'), '181');
    byTestId<HTMLFormElement>('patient-form').requestSubmit();
    await settle();
    expect(await listPatients()).toMatchObject([{ id: p.id, name: 'Victor', heightM: 1.81 }]);
    expect(byTestId('patient-name').textContent).toBe('Victor');
  });

  it('rejects a malformed backup naming the field, restores a good one, and deletes everything', async () => {
    const p = await createPatient({ name: 'Wes' });
    await saveGaitSession({ patientId: p.id, report: sampleGaitReport() });
    const { exportBackup } = await import('../../storage/index.ts');
    const good = await exportBackup();
    const bad = JSON.parse(good) as { patients: { yearOfBirth: unknown }[] };
    bad.patients[0]!.yearOfBirth = 'nineteen';
    globalThis.localStorage.setItem('gaitscope.units', 'imperial');
    h.mount(PatientsView, {});
    await settle();

    const input = byTestId<HTMLInputElement>('backup-import-input');
    const choose = async (text: string, name: string) => {
      Object.defineProperty(input, 'files', { configurable: true, value: [new File([text], name, { type: 'application/json' })] });
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await settle();
    };
    byTestId('delete-everything').click();
    await settle();
    byTestId('delete-everything-confirm').click();
    await settle();
    expect(await listPatients()).toEqual([]);
    expect(globalThis.localStorage.length).toBe(0);
    expect(byTestId('data-status').textContent).toContain('has been deleted');

    await choose(JSON.stringify(bad), 'bad.json');
    expect(byTestId('data-error').textContent).toContain('patients[0].yearOfBirth');
    expect(byTestId('data-error').textContent).toContain('Nothing was restored from bad.json');
    expect(await listPatients()).toEqual([]);

    await choose(good, 'good.json');
    expect(byTestId('data-status').textContent).toContain('Restored 1 patient, 1 session');
    expect((await listPatients()).map((x) => x.name)).toEqual(['Wes']);
    expect(byTestId('patient-item').textContent).toContain('Wes');
  });
});
