/**
 * The clinical report in a real browser (Debian Chromium): analyse the walking video for a
 * patient whose name is markup, read the report, export PDF/CSV/JSON and check them, reload
 * and find the session in the patient's history. The name must show literally everywhere,
 * and no dialog may ever open.
 */
import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CSV_HEADER, parseCsvRecords } from '../../src/report/csv.ts';

const projectRoot = resolve(import.meta.dirname, '../..');
const walkMp4 = resolve(projectRoot, '../shared/data/video/walk-side-indoor.mp4');
// Markup (must never run) and letters outside Latin-1 (the PDF must embed a font for them).
const MARKUP_NAME = '<img src=x onerror=alert(1)> Łukasz Олена';

/** The markup never became an element, and the page shows it as text where asked. */
async function expectNoInjectedImage(page: Page): Promise<void> {
  expect(await page.locator('img[src="x"]').count()).toBe(0);
}

async function download(page: Page, testId: string, dir: string): Promise<{ path: string; name: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = join(dir, dl.suggestedFilename());
  await dl.saveAs(path);
  return { path, name: dl.suggestedFilename() };
}

test('analyse a walk for a patient, read and export the report, find it again after a reload', async ({ page }) => {
  test.skip(!existsSync(walkMp4), `../shared/data is absent (looked for ${walkMp4}): this test needs the walking video`);
  test.setTimeout(1_800_000);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const outDir = mkdtempSync(join(tmpdir(), 'gaitscope-report-e2e-'));

  // A fresh browser profile, but be explicit: start from empty storage.
  await page.goto('/#/patients');
  await expect(page.getByTestId('patients')).toBeVisible();
  await expect(page.getByTestId('storage-statement')).toContainText('this browser only');

  // 1. Create the patient.
  await page.getByTestId('patient-new').click();
  await page.getByTestId('patient-name-input').fill(MARKUP_NAME);
  await page.getByTestId('patient-yob-input').fill('1975');
  await page.getByTestId('patient-height-input').fill('165');
  await page.getByTestId('patient-save').click();
  await expect(page.getByTestId('patient-name')).toHaveText(MARKUP_NAME);
  await expect(page.getByTestId('patient-item')).toContainText(MARKUP_NAME);
  await expectNoInjectedImage(page);

  // 2. New assessment for this patient: walk filmed from the side, the video as a file.
  await page.getByTestId('patient-new-assessment').click();
  await expect(page.getByRole('heading', { name: 'New assessment' })).toBeVisible();
  await expect(page.locator('select option:checked')).toHaveText(MARKUP_NAME);
  await page.getByRole('button', { name: /continue to setup/i }).click();
  await page.getByTestId('video-file-input').setInputFiles(walkMp4);
  // Done, or an error in words (fail at once instead of waiting out the timeout).
  const done = page.getByTestId('analysis-done');
  const failure = page.locator('main [role="alert"]');
  await expect(done.or(failure).first()).toBeVisible({ timeout: 1_500_000 });
  if (await failure.count()) throw new Error(`the analysis failed: ${(await failure.first().innerText()).replace(/\s+/g, ' ')}`);
  await page.getByRole('button', { name: /see the report/i }).click();

  // 3. The report with its metrics, for this patient, saved to their record.
  const report = page.getByTestId('report');
  await expect(report).toBeVisible();
  await expect(page.getByTestId('report-patient-name')).toHaveText(MARKUP_NAME);
  await expect(page.getByText(/Saved to .*'s record/)).toBeVisible({ timeout: 30_000 });
  const cadenceText = ((await page.getByTestId('metric-cadenceStepsPerMin').textContent()) ?? '').trim();
  expect(cadenceText).toMatch(/^\d+\.\d$/);
  const cadence = Number(cadenceText);
  // Broad band for a real walk (exact numbers are the unit tests' job).
  expect(cadence).toBeGreaterThan(60);
  expect(cadence).toBeLessThan(160);
  await expect(report.getByRole('heading', { name: 'Summary' })).toBeVisible();
  await expect(report.getByRole('heading', { name: 'Measurements' })).toBeVisible();
  await expect(page.getByTestId('safety-text')).toContainText('screening aid');
  // Side view: knee flexion over the gait cycle is drawn (a canvas), with its text alternative.
  const knee = page.getByTestId('chart-knee-cycle');
  await expect(knee).toBeVisible();
  await expectNoInjectedImage(page);

  // 4. PDF: its text has the cadence shown on screen and the name, literally.
  const pdf = await download(page, 'export-pdf', outDir);
  expect(pdf.name).toMatch(/\.pdf$/);
  expect(readFileSync(pdf.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pdfText = execFileSync('pdftotext', ['-layout', pdf.path, '-'], { encoding: 'utf8' });
  expect(pdfText).toContain(MARKUP_NAME);
  expect(pdfText).toContain(cadenceText);
  expect(pdfText).toMatch(/screening aid/);
  // The charts drawn on screen are in the PDF as images (side view: knee cycle, step lengths, step times).
  const images = execFileSync('pdfimages', ['-list', pdf.path], { encoding: 'utf8' }).trim().split('\n').slice(2);
  expect(images.length).toBeGreaterThanOrEqual(3);

  // 5. CSV: parses, has the header, and its cadence matches the screen.
  const csv = await download(page, 'export-csv', outDir);
  const csvText = readFileSync(csv.path, 'utf8');
  expect(csvText.split(/\r?\n/)[0]).toBe(CSV_HEADER.join(','));
  const records = parseCsvRecords(csvText);
  const cadenceRow = records.find((r) => r.section === 'summary' && r.metric === 'cadenceStepsPerMin');
  expect(cadenceRow, 'cadence row in the CSV').toBeDefined();
  expect(Math.abs(Number(cadenceRow!.value) - cadence)).toBeLessThanOrEqual(0.05);
  expect(records.filter((r) => r.section === 'stride').length).toBeGreaterThan(0);

  // 6. JSON: the report, same cadence.
  const json = await download(page, 'export-json', outDir);
  const parsed = JSON.parse(readFileSync(json.path, 'utf8')) as { format: string; metrics: { cadenceStepsPerMin: { value: number } | null } };
  expect(parsed.format).toBe('gaitscope.report');
  expect(parsed.metrics.cadenceStepsPerMin!.value.toFixed(1)).toBe(cadenceText);

  // 7. Clinician's notes are saved with the session.
  await page.getByTestId('clinician-notes').fill('Walks without aid; <b>not bold</b>.');
  await page.getByTestId('clinician-notes').blur();
  await expect(page.locator('#notes-status')).toContainText('saved', { timeout: 10_000 });

  // 8. Reload: the session is in the patient's history, the name still literal.
  await page.goto('/#/patients');
  await page.reload();
  await page.getByTestId('patient-item').filter({ hasText: MARKUP_NAME }).click();
  await expect(page.getByTestId('patient-name')).toHaveText(MARKUP_NAME);
  const rows = page.getByTestId('session-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`cadence ${cadenceText} steps/min`);
  await expect(rows.first()).toContainText('Walks without aid; <b>not bold</b>.');
  await expect(page.getByTestId('chart-trend-cadenceStepsPerMin')).toContainText(cadenceText);
  await expectNoInjectedImage(page);
  expect(await page.locator('b', { hasText: 'not bold' }).count()).toBe(0);

  // 9. Opening the saved session shows the same report.
  await rows.first().getByTestId('session-open').click();
  await expect(page.getByTestId('report')).toBeVisible();
  await expect(page.getByTestId('metric-cadenceStepsPerMin')).toHaveText(cadenceText);
  await expect(page.getByTestId('report-patient-name')).toHaveText(MARKUP_NAME);
  await expect(page.getByTestId('clinician-notes')).toHaveValue('Walks without aid; <b>not bold</b>.');
  await expectNoInjectedImage(page);

  expect(dialogs, 'no dialog may open (the markup name must never run)').toEqual([]);
  expect(pageErrors).toEqual([]);
});
