/**
 * CSV export of a gait report (issue 4 item 3; `gaitscope analyze --csv` writes the same):
 * one long table, RFC 4180 (comma, CRLF, double-quote escaping). Summary rows carry mean, sd
 * and n per side; per-stride and per-step rows come from report.extra.strides/steps when present.
 * Metric names carry their unit (formats.md) and the `unit` column repeats it.
 * Runs in Node and the browser (no DOM, no node:*).
 */
import type { GaitReport, ReportExtra, ScalarMetric, SidedMetric, StepRecord, StrideRecord } from '../kinematics/types.ts';
import { METRIC_INFO } from '../assessment/metricInfo.ts';

/** Column headers, in order. Don't change the order: clinics import this file. */
export const CSV_HEADER = ['section', 'index', 'side', 'start (s)', 'end (s)', 'metric', 'value', 'sd', 'n', 'unit'] as const;

type Cell = string | number | null | undefined;

/** Quotes one field per RFC 4180 (when it holds a comma, quote, CR or LF). Numbers are written in full precision. */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`CSV: non-finite number ${v}`);
    return String(v);
  }
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function row(cells: readonly Cell[]): string {
  return cells.map(csvField).join(',');
}

const STRIDE_FIELDS: readonly { key: keyof StrideRecord; unit: string }[] = [
  { key: 'strideTimeS', unit: 's' },
  { key: 'footOffS', unit: 's' },
  { key: 'stanceFraction', unit: 'fraction' },
  { key: 'kneeFlexionPeakSwingDeg', unit: '°' },
  { key: 'hipExtensionPeakDeg', unit: '°' },
  { key: 'contralateralPelvicDropDeg', unit: '°' },
  { key: 'pelvicObliquityRangeDeg', unit: '°' },
  { key: 'trunkLateralLeanDeg', unit: '°' },
];

const STEP_FIELDS: readonly { key: keyof StepRecord; unit: string }[] = [
  { key: 'stepTimeS', unit: 's' },
  { key: 'stepLengthM', unit: 'm' },
  { key: 'stepLengthBodyHeights', unit: 'body heights' },
];

function extraOf(report: GaitReport): Partial<ReportExtra> | null {
  const e = report.extra;
  return e && typeof e === 'object' ? (e as Partial<ReportExtra>) : null;
}

/**
 * The report as CSV text (CRLF line ends, header first). Null metrics are left out (their
 * absence is explained by the report's warnings); null per-stride values are empty cells.
 */
export function reportToCsv(report: GaitReport): string {
  const lines: string[] = [row(CSV_HEADER)];
  lines.push(row(['meta', null, null, null, null, 'view', report.view, null, null, null]));
  lines.push(row(['meta', null, null, null, null, 'durationS', report.durationS, null, null, 's']));
  lines.push(row(['meta', null, null, null, null, 'framesAnalysed', report.quality.framesAnalysed, null, null, 'frames']));
  lines.push(row(['meta', null, null, null, null, 'meanFps', report.quality.meanFps, null, null, 'frames/s']));
  lines.push(row(['meta', null, null, null, null, 'keypointCoverageFraction', report.quality.keypointCoverageFraction, null, null, 'fraction']));

  for (const info of METRIC_INFO) {
    const m = report.metrics[info.id];
    if (m === null || m === undefined) continue;
    if (info.sided) {
      const sm = m as SidedMetric;
      for (const side of ['left', 'right'] as const) {
        const s = sm[side];
        if (!s) continue;
        lines.push(row(['summary', null, side, null, null, info.id, s.mean, s.sd, s.n, info.unit]));
      }
    } else {
      lines.push(row(['summary', null, null, null, null, info.id, (m as ScalarMetric).value, null, null, info.unit]));
    }
  }

  const extra = extraOf(report);
  const strides = Array.isArray(extra?.strides) ? extra.strides : [];
  strides.forEach((s, i) => {
    for (const f of STRIDE_FIELDS) {
      const v = s[f.key];
      lines.push(row(['stride', i + 1, s.side, s.startS, s.endS, f.key, typeof v === 'number' ? v : null, null, null, f.unit]));
    }
  });
  const steps = Array.isArray(extra?.steps) ? extra.steps : [];
  steps.forEach((s, i) => {
    const start = s.stepTimeS !== null ? s.footStrikeS - s.stepTimeS : null;
    for (const f of STEP_FIELDS) {
      const v = s[f.key];
      lines.push(row(['step', i + 1, s.side, start, s.footStrikeS, f.key, typeof v === 'number' ? v : null, null, null, f.unit]));
    }
  });
  return lines.join('\r\n') + '\r\n';
}

/** Parses RFC 4180 CSV text into rows of fields (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let cur: string[] = [];
  let i = 0;
  let quoted = false;
  let any = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      any = true;
      i++;
    } else if (c === ',') {
      cur.push(field);
      field = '';
      any = true;
      i++;
    } else if (c === '\r' || c === '\n') {
      cur.push(field);
      rows.push(cur);
      cur = [];
      field = '';
      any = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      any = true;
      i++;
    }
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (any || field !== '') {
    cur.push(field);
    rows.push(cur);
  }
  return rows;
}

/** Parses CSV text into objects keyed by the header row. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rest] = parseCsv(text);
  if (!header) return [];
  return rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
