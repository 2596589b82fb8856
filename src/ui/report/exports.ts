/** Report exports through src/report (PDF via jsPDF, CSV); this file only adapts the view's data. */
import type { ReportExercise, Flag, GaitReport } from '../../kinematics/types.ts';
import type { Patient } from '../../storage/index.ts';
import type { UnitSystem } from './units.ts';

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
  sessionDate: string;
  units: UnitSystem;
  charts: ChartImage[];
}

interface ReportModule {
  reportToCsv(report: GaitReport): string;
  reportToPdf(input: Record<string, unknown>): Uint8Array | Promise<Uint8Array>;
}

// TEMPORARY until src/report lands (built in parallel): resolve it lazily so this view builds meanwhile.
const modules = import.meta.glob<ReportModule>('../../report/index.ts');

async function reportModule(): Promise<ReportModule> {
  const load = modules['../../report/index.ts'];
  if (!load) throw new Error('the report exporter (src/report) is not available in this build');
  return load();
}

/** The report's CSV text (per-stride and summary metrics, units in the headers). */
export async function exportCsv(report: GaitReport): Promise<string> {
  return (await reportModule()).reportToCsv(report);
}

/** The PDF bytes. */
export async function exportPdf(input: PdfInput): Promise<Uint8Array> {
  return (await reportModule()).reportToPdf({ ...input });
}
