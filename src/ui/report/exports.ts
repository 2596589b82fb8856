/** Report exports through src/report (PDF via jsPDF, CSV); this file only adapts the view's data. */
import type { Flag, GaitReport, ReportExercise } from '../../kinematics/types.ts';
import { reportToCsv } from '../../report/index.ts';
import { reportToPdfWithFonts } from '../../report/pdf.ts';
import { loadPdfFontBrowser } from '../../report/font-browser.ts';
import type { Patient } from '../../storage/index.ts';

/** A chart rendered to PNG for the PDF. */
export interface ChartImage {
  id: string;
  title: string;
  caption: string;
  pngDataUrl: string;
  widthPx: number;
  heightPx: number;
}

/** Everything the PDF shows. */
export interface PdfInput {
  report: GaitReport;
  patient: Patient | null;
  flags: Flag[];
  exercises: ReportExercise[];
  summary: string[];
  clinicianNotes: string;
  /** ISO 8601 date of the session. */
  sessionDate: string;
  context: { ageYears?: number; sex?: 'female' | 'male' | 'other' };
  charts: ChartImage[];
}

/** The report's CSV text (per-stride and summary metrics, units in the headers). */
export function exportCsv(report: GaitReport): string {
  return reportToCsv(report);
}

/**
 * The PDF bytes (metric units: the PDF is the clinical record). Text outside Latin-1 (e.g. a patient
 * named Łukasz or Олена) is drawn in DejaVu Sans, fetched from the app's own origin only when needed.
 */
export function exportPdf(input: PdfInput): Promise<Uint8Array> {
  return reportToPdfWithFonts({
    report: input.report,
    patient: input.patient,
    dateIso: input.sessionDate,
    clinicianNotes: input.clinicianNotes,
    charts: input.charts.map((c) => ({ title: c.title, pngDataUrl: c.pngDataUrl, alt: c.caption })),
    summary: input.summary,
    flags: input.flags,
    exercises: input.exercises,
    context: input.context,
  }, loadPdfFontBrowser);
}
