import { describe, expect, it, vi } from 'vitest';
import { componentHarness } from '../test-harness.ts';
import { parseCsvRecords } from '../../report/index.ts';
import { addSession, createPatient, getSession, type Patient } from '../../storage/index.ts';
import ReportView from './ReportView.svelte';
import { sampleGaitReport } from './sample-report.ts';
import { M_PER_IN } from './units.ts';

const MARKUP_NAME = '<img src=x onerror=alert(1)>';

const h = componentHarness({ settleRounds: 5, settleMs: 10 });
const { byTestId, settle } = h;

describe('ReportView', () => {
  it('shows summary first, then metrics with values, missing reasons, norms, flags, programme, charts text, safety', async () => {
    const report = sampleGaitReport();
    h.mount(ReportView, { report });
    await settle();
    const root = byTestId('report');
    // Summary comes before the metrics table.
    const headings = [...root.querySelectorAll('h2')].map((h) => h.textContent?.trim());
    expect(headings.slice(0, 4)).toEqual(['Summary', 'Measurements', 'Findings', 'Exercise programme']);
    expect(byTestId('report-summary').textContent).toContain('The right knee bends less than usual');

    expect(byTestId('metric-cadenceStepsPerMin').textContent?.trim()).toBe('111.1');
    expect(byTestId('metric-gaitSpeedMps').textContent?.trim()).toBe('1.12');
    expect(byTestId('metric-kneeFlexionPeakSwingDeg-left').textContent).toMatch(/^\s*59\.5 ± 1\.3 \(n = 4\)\s*$/);
    expect(byTestId('metric-kneeFlexionPeakSwingDeg-right').textContent).toContain('51.5');
    expect(byTestId('metric-contralateralPelvicDropDeg').textContent?.trim()).toBe('not measurable: needs a frontal view');
    expect(byTestId('metric-trunkLateralLeanDeg').textContent?.trim()).toBe('not measurable: needs a walk filmed from the front or behind');
    const kneeRow = h.target.querySelector('tr[data-metric="kneeFlexionPeakSwingDeg"]');
    expect(kneeRow?.textContent).toContain('55–65');

    const flag = byTestId('flag-reduced-knee-flexion-swing');
    expect(flag.textContent).toContain('Little knee bend in swing (right)');
    expect(flag.textContent).toContain('Perry');

    const ex = byTestId('exercise-glute-bridge');
    expect(ex.querySelector('h3')?.textContent).toBe('Bridge');
    expect(ex.textContent).toContain('Dose: 3 x 12, 4 days a week');
    expect(ex.textContent).toContain('Easier:');
    expect(ex.textContent).toContain('Harder:');

    // Text alternatives of the charts.
    expect(byTestId('chart-pelvic-obliquity').textContent).toContain('needs a walk filmed from the front');
    const knee = byTestId('chart-knee-cycle');
    expect(knee.textContent).toContain('Left: swing peak 59.5°');
    expect(knee.querySelectorAll('tbody tr')).toHaveLength(11);
    const steps = byTestId('chart-step-length');
    expect(steps.querySelectorAll('tbody tr')).toHaveLength(9);
    expect(byTestId('chart-step-time').textContent).toContain('Time of each of 9 steps');

    expect(byTestId('safety-text').textContent).toContain('screening aid, not a diagnosis');
    for (const id of ['export-pdf', 'export-csv', 'export-json']) expect(byTestId(id).tagName).toBe('BUTTON');
  });

  it('assesses a report that carries no flags, and shows the programme it builds', async () => {
    const report = sampleGaitReport({ flags: [], exercises: [] });
    h.mount(ReportView, { report });
    await settle();
    // kneeFlexionPeakSwingDeg right 51.5 < 55: the assessment flags it.
    expect(h.target.querySelector('[data-testid^="flag-reduced-knee-flexion-swing"]')).not.toBeNull();
    expect(h.target.querySelectorAll('[data-testid^="exercise-"]').length).toBeGreaterThan(0);
  });

  it('switches to imperial for display only', async () => {
    const report = sampleGaitReport();
    h.mount(ReportView, { report });
    await settle();
    const imperial = [...h.target.querySelectorAll<HTMLInputElement>('input[name="units"]')][1]!;
    imperial.click();
    await settle();
    expect(h.target.querySelector('tr[data-metric="stepLengthM"]')?.textContent).toContain('in');
    expect(byTestId('metric-stepLengthM-left').textContent).toContain((0.63 / M_PER_IN).toFixed(1));
    expect(byTestId('metric-gaitSpeedMps').textContent?.trim()).toBe((1.12 / 0.44704).toFixed(2));
    expect(report.metrics.stepLengthM?.left?.mean).toBe(0.63); // data untouched
  });

  it('renders a markup patient name as text and saves clinician notes to the session', async () => {
    const patient: Patient = await createPatient({ name: MARKUP_NAME, yearOfBirth: 1960, sex: 'female' });
    const report = sampleGaitReport();
    const sessionId = await addSession({ patientId: patient.id, kind: 'gait', report });
    h.mount(ReportView, { report, patient, sessionId });
    await settle();
    expect(byTestId('report-patient-name').textContent).toBe(MARKUP_NAME);
    expect(h.target.querySelector('img')).toBeNull();
    // With an age, cadence gets an age/sex norm.
    expect(h.target.querySelector('tr[data-metric="cadenceStepsPerMin"]')?.textContent).toContain('96–138');

    const notes = byTestId('clinician-notes') as HTMLTextAreaElement;
    expect(notes.disabled).toBe(false);
    notes.value = 'Limps after 10 minutes.';
    notes.dispatchEvent(new Event('input', { bubbles: true }));
    notes.dispatchEvent(new FocusEvent('blur'));
    await settle();
    expect((await getSession(sessionId))?.clinicianNotes).toBe('Limps after 10 minutes.');
    expect(h.target.querySelector('#notes-status')?.textContent).toContain('saved');
  });

  it('exports a PDF, a CSV and the JSON as downloads named after the patient', async () => {
    const patient: Patient = await createPatient({ name: MARKUP_NAME, yearOfBirth: 1960 });
    const report = sampleGaitReport();
    const blobs: Blob[] = [];
    const names: string[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return `blob:test/${blobs.length}`;
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    try {
      h.mount(ReportView, { report, patient });
      await settle();
      for (const id of ['export-pdf', 'export-csv', 'export-json']) {
        byTestId(id).click();
        await settle();
      }
    } finally {
      create.mockRestore();
      click.mockRestore();
    }
    expect(h.target.querySelector('[role="alert"]')).toBeNull();
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(/^gaitscope-img-src-x-onerror-alert-1-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(names[1]).toMatch(/\.csv$/);
    expect(names[2]).toMatch(/\.json$/);
    const pdf = new Uint8Array(await blobs[0]!.arrayBuffer());
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    expect(blobs[0]!.type).toBe('application/pdf');
    const rows = parseCsvRecords(await blobs[1]!.text());
    expect(rows.find((r) => r.metric?.startsWith('cadence'))?.value).toBe('111.1');
    const json = JSON.parse(await blobs[2]!.text()) as { format: string; metrics: { cadenceStepsPerMin: { value: number } } };
    expect(json.format).toBe('gaitscope.report');
    expect(json.metrics.cadenceStepsPerMin.value).toBe(111.1);
  });
});
