/**
 * PDF export of a gait report with jsPDF (issue 4 item 3): patient, date, view, summary,
 * metrics table (left/right/normal/unit), flags, charts (PNG data URLs passed in), the
 * exercise programme with instructions and dose, safety text, and the clinician's notes.
 * Fonts: each string is drawn in the standard Helvetica (WinAnsi encoding) when it can be,
 * through `pdfSafeText`, which keeps ° ± é etc. and spells out a few characters WinAnsi lacks
 * (≤ → "<="). A string with other characters (Łukasz, Dvořák, Σοφία, Олена) is drawn in
 * DejaVu Sans, a Unicode TrueType font that jsPDF embeds as a subset. The font bytes are
 * supplied by the caller: `reportToPdfWithFonts` loads them only when some text needs them,
 * with `loadPdfFontBrowser` (font-browser.ts: same-origin fetch of the bundled asset) or
 * `loadPdfFontNode` (font-node.ts: read from node_modules). DejaVu fonts: Bitstream Vera
 * licence plus public-domain changes (node_modules/dejavu-fonts-ttf/LICENSE), package
 * `dejavu-fonts-ttf`. Unicode strings are drawn upright (regular or bold; no oblique is loaded).
 * All text is drawn as text, never interpreted: a name with markup appears literally.
 */
import { jsPDF } from 'jspdf';
import type { Side } from '../kinematics/keypoints.ts';
import type { Flag, GaitReport, ReportExercise, ScalarMetric, SidedMetric } from '../kinematics/types.ts';
import { METRIC_INFO, formatMetricValue, normText } from '../assessment/metricInfo.ts';
import { FLAG_RULES } from '../assessment/flags.ts';
import { RED_FLAGS, SCREENING_DISCLAIMER } from '../assessment/safety.ts';
import type { Exercise } from '../assessment/exercises.ts';
import { programmeFromReportExercises } from '../assessment/programme.ts';

/** Who the report is about (all optional but the name). */
export interface PdfPatient {
  name: string;
  yearOfBirth?: number | null;
  sex?: 'female' | 'male' | 'other' | 'unspecified' | null;
  heightM?: number | null;
  sideOfConcern?: Side | 'both' | null;
}

/** A chart rendered by the UI (chart.js canvas → PNG data URL) with its text alternative. */
export interface PdfChart {
  title: string;
  pngDataUrl: string;
  alt?: string;
  /** Accepted in place of `alt` (the UI's ChartImage names it so). */
  caption?: string;
}

/** One programme item as the PDF needs it (programme.ts ProgrammeItem fits). */
export interface PdfProgrammeItem {
  exercise: Pick<Exercise, 'id' | 'name' | 'category' | 'steps' | 'dose' | 'easier' | 'harder' | 'cautions'>;
  forFlags: readonly string[];
  dose: string;
  note?: string;
}

/** Everything the PDF shows. `dateIso` is the session date (ISO 8601); time comes from the caller, never from the clock. */
export interface ReportPdfInput {
  report: GaitReport;
  patient?: PdfPatient | null;
  dateIso?: string;
  /** Accepted in place of `dateIso`. */
  sessionDate?: string;
  /** IANA time zone the date and time are printed in (e.g. 'Europe/Berlin'); default the runtime's own zone. */
  timeZone?: string;
  clinicianNotes?: string;
  charts?: readonly PdfChart[];
  summary: readonly string[];
  flags: readonly Flag[];
  /** The programme with exercise details; when absent it is rebuilt from `exercises` (or report.exercises) via the catalogue. */
  programme?: { items: readonly PdfProgrammeItem[]; progressionRule?: string; weeklyPlan?: string; kind?: 'targeted' | 'maintenance' };
  exercises?: readonly ReportExercise[];
  /** Age/sex for the speed and cadence norms in the metrics table. */
  context?: { ageYears?: number; sex?: 'female' | 'male' | 'other' };
}

// WinAnsi (CP1252) bytes 0x80–0x9F that are not Latin-1: the code points Helvetica can draw there.
const WINANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);
const SPELLED: Record<string, string> = {
  '≤': '<=',
  '≥': '>=',
  '−': '-',
  '≈': '~',
  '→': '->',
  '←': '<-',
  '×': 'x',
  '÷': '/',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
};

const isWinAnsi = (cp: number): boolean => cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WINANSI_EXTRA.has(cp);
const isControl = (cp: number): boolean => cp < 0x20 || (cp >= 0x7f && cp < 0xa0);

/** Text as the standard PDF fonts can draw it: WinAnsi characters kept, a few spelled out, others → "?". */
export function pdfSafeText(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const cp = ch.codePointAt(0) as number;
    const sp = SPELLED[ch];
    if (sp !== undefined) out += sp;
    else if (isWinAnsi(cp)) out += ch;
    else if (cp === 0x09) out += ' ';
    else out += '?';
  }
  return out;
}

/** True when `s` has a (non-control) character that Helvetica/WinAnsi cannot draw or spell out, i.e. it needs the Unicode font. */
export function needsUnicodeFont(s: string): boolean {
  for (const ch of s.normalize('NFC')) {
    const cp = ch.codePointAt(0) as number;
    if (!isWinAnsi(cp) && !isControl(cp) && SPELLED[ch] === undefined) return true;
  }
  return false;
}

/** Styles of the Unicode font: regular and bold (italic text in it is drawn upright). */
export type PdfFontStyle = 'normal' | 'bold';
/** TrueType bytes of the Unicode font per style (DejaVu Sans / DejaVu Sans Bold); a missing style falls back to Helvetica with "?". */
export type PdfFonts = Partial<Record<PdfFontStyle, Uint8Array>>;
/** Loads the TrueType bytes of one style of the Unicode font (font-browser.ts, font-node.ts). */
export type PdfFontLoader = (style: PdfFontStyle) => Promise<Uint8Array>;
/** Family name under which the Unicode font is registered (and embedded) in the PDF. */
export const PDF_UNICODE_FONT_FAMILY = 'DejaVuSans';

/** TrueType bytes as the binary string jsPDF's virtual file system wants (checked to be a TrueType file). */
function ttfBinaryString(bytes: Uint8Array, style: PdfFontStyle): string {
  if (bytes.length < 12 || bytes[0] !== 0 || bytes[1] !== 1 || bytes[2] !== 0 || bytes[3] !== 0) {
    throw new Error(`PDF font (${style}): not a TrueType file (${bytes.length} bytes, starts ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')})`);
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

const PAGE_W = 210;
const PAGE_H = 297;
const MARGIN = 15;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const LINE = 0.42; // mm per pt of font size, times line height ≈ 1.2

const VIEW_WORDS: Record<GaitReport['view'], string> = {
  sagittal: 'walk filmed from the side (sagittal view)',
  frontal: 'walk filmed from the front or back (frontal view)',
};

/** jsPDF's parsed TrueType font (untyped in jspdf's .d.ts): glyph id per UTF-16 code unit, 0 when absent. */
interface TtfMetadata {
  characterToGlyph(code: number): number;
}

class Writer {
  readonly doc: jsPDF;
  y = MARGIN;
  /** Styles of the Unicode font that some string needed (whether or not it was supplied). */
  readonly unicodeStyles = new Set<PdfFontStyle>();
  private readonly unicodeFonts: Partial<Record<PdfFontStyle, TtfMetadata>> = {};
  constructor(fonts: PdfFonts) {
    this.doc = new jsPDF({ unit: 'mm', format: 'a4', compress: true });
    for (const style of ['normal', 'bold'] as const) {
      const bytes = fonts[style];
      if (!bytes) continue;
      const file = `${PDF_UNICODE_FONT_FAMILY}-${style}.ttf`;
      this.doc.addFileToVFS(file, ttfBinaryString(bytes, style));
      this.doc.addFont(file, PDF_UNICODE_FONT_FAMILY, style, 'Identity-H');
      this.doc.setFont(PDF_UNICODE_FONT_FAMILY, style);
      this.unicodeFonts[style] = this.doc.getFont().metadata as TtfMetadata;
    }
    this.doc.setFont('helvetica', 'normal');
  }
  /** Selects the font for `s` (Helvetica when WinAnsi suffices, else the Unicode font) and returns the text to draw in it. */
  font(s: string, bold = false, italic = false): string {
    const nfc = s.normalize('NFC');
    if (needsUnicodeFont(nfc)) {
      const style: PdfFontStyle = bold ? 'bold' : 'normal';
      this.unicodeStyles.add(style);
      const ttf = this.unicodeFonts[style];
      if (ttf) {
        this.doc.setFont(PDF_UNICODE_FONT_FAMILY, style);
        let out = '';
        for (const ch of nfc) {
          const cp = ch.codePointAt(0) as number;
          if (cp === 0x0a) out += ch;
          else if (cp === 0x09) out += ' ';
          // jsPDF maps UTF-16 code units to glyphs: astral characters and ones the font lacks become "?".
          else if (isControl(cp) || ch.length !== 1 || ttf.characterToGlyph(cp) === 0) out += '?';
          else out += ch;
        }
        return out;
      }
    }
    this.doc.setFont('helvetica', bold ? (italic ? 'bolditalic' : 'bold') : italic ? 'italic' : 'normal');
    return pdfSafeText(nfc);
  }
  ensure(h: number): void {
    if (this.y + h > PAGE_H - MARGIN - 8) {
      this.doc.addPage();
      this.y = MARGIN;
    }
  }
  text(s: string, opts: { size?: number; bold?: boolean; italic?: boolean; grey?: boolean; indent?: number; gapAfter?: number } = {}): void {
    const size = opts.size ?? 10;
    const indent = opts.indent ?? 0;
    const drawn = this.font(s, opts.bold, opts.italic);
    this.doc.setFontSize(size);
    this.doc.setTextColor(opts.grey ? 90 : 0);
    const lines = this.doc.splitTextToSize(drawn, CONTENT_W - indent) as string[];
    const lh = size * LINE * 1.2;
    for (const l of lines) {
      this.ensure(lh);
      this.doc.text(l, MARGIN + indent, this.y + size * LINE);
      this.y += lh;
    }
    this.y += opts.gapAfter ?? 1;
    this.doc.setTextColor(0);
  }
  heading(s: string): void {
    this.ensure(14);
    this.y += 3;
    this.text(s, { size: 13, bold: true, gapAfter: 1.5 });
    this.doc.setDrawColor(180);
    this.doc.line(MARGIN, this.y - 1, PAGE_W - MARGIN, this.y - 1);
    this.y += 1;
  }
  cells(values: readonly string[], widths: readonly number[], opts: { bold?: boolean; size?: number } = {}): void {
    const size = opts.size ?? 9;
    this.doc.setFontSize(size);
    const wrapped = values.map((v, i) => this.doc.splitTextToSize(this.font(v, opts.bold), (widths[i] ?? 20) - 2) as string[]);
    const lh = size * LINE * 1.2;
    const h = Math.max(...wrapped.map((w) => w.length)) * lh + 1.5;
    this.ensure(h);
    let x = MARGIN;
    values.forEach((v, i) => {
      this.font(v, opts.bold);
      (wrapped[i] ?? []).forEach((l, j) => this.doc.text(l, x + 1, this.y + size * LINE + j * lh));
      x += widths[i] ?? 20;
    });
    this.y += h;
    this.doc.setDrawColor(220);
    this.doc.line(MARGIN, this.y - 0.5, PAGE_W - MARGIN, this.y - 0.5);
  }
}

function statText(id: (typeof METRIC_INFO)[number]['id'], s: { mean: number; sd: number; n: number } | null): string {
  if (!s) return 'not measured';
  return `${formatMetricValue(id, s.mean)} ± ${formatMetricValue(id, s.sd)} (n=${s.n})`;
}

function flagTitle(id: string): string {
  return FLAG_RULES.find((r) => r.id === id)?.title ?? id;
}

/**
 * Renders the report as a PDF document (bytes start with "%PDF"), synchronously. Text that
 * needs the Unicode font is drawn in it only for the styles given in `fonts`; without them
 * such characters print as "?". Prefer `reportToPdfWithFonts`, which loads the font when needed.
 */
export function reportToPdf(input: ReportPdfInput, fonts: PdfFonts = {}): Uint8Array {
  return renderPdf(input, fonts).bytes;
}

/**
 * Renders the report as a PDF, embedding the Unicode font (only the styles used) when some text
 * needs it: `loadFont` is called only then, so a plain-Latin report never loads or embeds it.
 * Browser: `loadPdfFontBrowser` (font-browser.ts); Node: `loadPdfFontNode` (font-node.ts).
 */
export async function reportToPdfWithFonts(input: ReportPdfInput, loadFont: PdfFontLoader): Promise<Uint8Array> {
  const plain = renderPdf(input, {});
  if (plain.unicodeStyles.size === 0) return plain.bytes;
  const styles = [...plain.unicodeStyles];
  const loaded = await Promise.all(styles.map((st) => loadFont(st)));
  const fonts: PdfFonts = {};
  styles.forEach((st, i) => (fonts[st] = loaded[i]));
  return renderPdf(input, fonts).bytes;
}

/**
 * A session date for people: "28 Nov 2026, 18:48 CET" (en-GB, 24-hour clock, with the zone) for a timestamp,
 * "1 Apr 2025" for a date alone (a calendar day, no zone shift); an unreadable date is returned as given.
 */
export function formatReportDate(dateIso: string, timeZone?: string): string {
  const t = new Date(dateIso);
  if (Number.isNaN(t.getTime())) return dateIso;
  if (/^\d{4}-\d{2}-\d{2}$/.test(dateIso.trim())) {
    return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(t);
  }
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(t);
}

function renderPdf(input: ReportPdfInput, fonts: PdfFonts): { bytes: Uint8Array; unicodeStyles: ReadonlySet<PdfFontStyle> } {
  const { report } = input;
  const dateIso = input.dateIso ?? input.sessionDate;
  if (!dateIso) throw new Error('reportToPdf: dateIso is required');
  const dateText = formatReportDate(dateIso, input.timeZone);
  const programme = input.programme ?? programmeFromReportExercises(input.exercises ?? report.exercises);
  const w = new Writer(fonts);
  w.doc.setProperties({ title: 'Gaitscope gait report', subject: 'Gait screening report', creator: 'Gaitscope' });

  w.text('Gaitscope gait report', { size: 18, bold: true, gapAfter: 1 });
  w.text(SCREENING_DISCLAIMER, { size: 9, italic: true, grey: true, gapAfter: 3 });

  // Patient and session
  const p = input.patient;
  const who: string[] = [];
  who.push(`Patient: ${p?.name ?? 'not given'}`);
  if (p?.yearOfBirth) who.push(`Year of birth: ${p.yearOfBirth}`);
  if (p?.sex && p.sex !== 'unspecified') who.push(`Sex: ${p.sex}`);
  if (p?.heightM) who.push(`Height: ${p.heightM.toFixed(2)} m`);
  if (p?.sideOfConcern) who.push(`Side of concern: ${p.sideOfConcern}`);
  for (const line of who) w.text(line, { size: 10 });
  w.text(`Date: ${dateText}`, { size: 10 });
  w.text(`Recording: ${VIEW_WORDS[report.view]}, ${report.durationS.toFixed(1)} s, ${report.quality.framesAnalysed} frames at ${report.quality.meanFps.toFixed(1)} frames/s, body seen in ${Math.round(report.quality.keypointCoverageFraction * 100)}% of frames`, { size: 10, gapAfter: 2 });

  // Summary
  w.heading('Summary');
  for (const s of input.summary) w.text(`• ${s}`, { size: 10, indent: 2 });

  // Metrics
  w.heading('Measurements');
  const widths = [58, 32, 32, 38, 20];
  w.cells(['Measure', 'Left', 'Right', 'Usual range', 'Unit'], widths, { bold: true });
  const ctx = { ...(input.context ?? {}), metrics: report.metrics };
  for (const info of METRIC_INFO) {
    const m = report.metrics[info.id];
    const norm = normText(info.id, ctx);
    if (m === null || m === undefined) {
      w.cells([info.label, 'not measured', '', norm, info.unit], widths);
    } else if (info.sided) {
      const sm = m as SidedMetric;
      w.cells([info.label, statText(info.id, sm.left), statText(info.id, sm.right), norm, info.unit], widths);
    } else {
      w.cells([info.label, `${formatMetricValue(info.id, (m as ScalarMetric).value)} (both sides)`, '', norm, info.unit], widths);
    }
  }
  w.text('Left/right are the person’s own sides. "Not measured": this view or recording cannot give it (see the notes in the summary).', { size: 8, grey: true, gapAfter: 2 });

  // Flags
  w.heading('Findings');
  if (input.flags.length === 0) w.text('No measure was outside the usual range.', { size: 10 });
  for (const f of input.flags) {
    const side = f.side ? `, ${f.side}` : '';
    w.text(`${flagTitle(f.id)}${side}: ${f.severity} (measured ${f.value.toFixed(2)}, threshold ${f.threshold})`, { size: 10, bold: true });
    w.text(f.finding, { size: 10, indent: 3 });
    w.text(f.source, { size: 7.5, grey: true, indent: 3, gapAfter: 2 });
  }

  // Charts
  if (input.charts && input.charts.length > 0) {
    w.heading('Charts');
    for (const c of input.charts) {
      const props = w.doc.getImageProperties(c.pngDataUrl);
      const imgW = CONTENT_W;
      const imgH = Math.min(110, (imgW * props.height) / props.width);
      const drawW = (imgH * props.width) / props.height;
      w.text(c.title, { size: 10, bold: true });
      w.ensure(imgH + 2);
      w.doc.addImage(c.pngDataUrl, 'PNG', MARGIN, w.y, drawW, imgH);
      w.y += imgH + 1;
      w.text(`Chart description: ${c.alt ?? c.caption ?? c.title}`, { size: 8, grey: true, gapAfter: 3 });
    }
  }

  // Programme
  w.heading(programme.kind === 'maintenance' ? 'Exercise programme (keeping your hips healthy)' : 'Exercise programme');
  if (programme.weeklyPlan) w.text(programme.weeklyPlan, { size: 9.5, gapAfter: 2 });
  programme.items.forEach((it, i) => {
    const e = it.exercise;
    w.ensure(25);
    w.text(`${i + 1}. ${e.name}`, { size: 11, bold: true });
    if (it.forFlags.length > 0) w.text(`For: ${it.forFlags.map(flagTitle).join('; ')}`, { size: 8.5, grey: true, indent: 4 });
    w.text(`Dose: ${it.dose}`, { size: 9.5, bold: true, indent: 4 });
    e.steps.forEach((s, j) => w.text(`${j + 1}) ${s}`, { size: 9.5, indent: 6, gapAfter: 0.3 }));
    w.text(`Easier: ${e.easier}`, { size: 9, indent: 4, gapAfter: 0.3 });
    w.text(`Harder: ${e.harder}`, { size: 9, indent: 4, gapAfter: 0.3 });
    if (it.note) w.text(`Note: ${it.note}`, { size: 9, indent: 4, italic: true, gapAfter: 0.3 });
    for (const c of e.cautions) w.text(`Caution: ${c}`, { size: 8.5, indent: 4, grey: true, gapAfter: 0.3 });
    w.y += 2;
  });
  if (programme.progressionRule) w.text(`When to progress: ${programme.progressionRule}`, { size: 9.5, gapAfter: 2 });

  // Clinician notes
  w.heading('Clinician notes');
  w.text(input.clinicianNotes && input.clinicianNotes.trim() !== '' ? input.clinicianNotes : '(none)', { size: 10 });

  // Safety
  w.heading('Safety');
  w.text(SCREENING_DISCLAIMER, { size: 10, bold: true });
  w.text('See a doctor or physiotherapist, and stop the exercises, if you have:', { size: 10 });
  for (const r of RED_FLAGS) w.text(`• ${r}`, { size: 10, indent: 3, gapAfter: 0.3 });
  w.text('In an emergency call your local emergency number.', { size: 10 });

  // Footer on every page
  const pages = w.doc.getNumberOfPages();
  for (let i = 1; i <= pages; i++) {
    w.doc.setPage(i);
    const footer = w.font(`Gaitscope: screening aid, not a diagnosis. ${dateText}. Page ${i} of ${pages}`);
    w.doc.setFontSize(7.5);
    w.doc.setTextColor(110);
    w.doc.text(footer, MARGIN, PAGE_H - 8);
  }
  return { bytes: new Uint8Array(w.doc.output('arraybuffer')), unicodeStyles: w.unicodeStyles };
}
