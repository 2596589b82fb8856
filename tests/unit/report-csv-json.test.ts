import { describe, expect, it } from 'vitest';
import { sampleExtra, sampleReport, stat } from '../../src/assessment/fixtures.ts';
import { CSV_HEADER, csvField, parseCsv, parseCsvRecords, reportToCsv } from '../../src/report/csv.ts';
import { parseReportJson, reportToJson, validateReport } from '../../src/report/json.ts';
import { assess } from '../../src/assessment/index.ts';
import type { GaitReport } from '../../src/kinematics/types.ts';

describe('CSV', () => {
  const report = sampleReport({ stepLengthM: null }, { extra: sampleExtra() as unknown as Record<string, unknown> });
  const text = reportToCsv(report);
  const recs = parseCsvRecords(text);

  it('has the header with units and CRLF line ends', () => {
    expect(text.startsWith('section,index,side,start (s),end (s),metric,value,sd,n,unit\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(parseCsv(text)[0]).toEqual([...CSV_HEADER]);
  });
  it('parses back: cadence matches, sided summaries carry mean/sd/n', () => {
    const cad = recs.filter((r) => r.section === 'summary' && r.metric === 'cadenceStepsPerMin');
    expect(cad).toHaveLength(1);
    expect(Number(cad[0]?.value)).toBe(112.3);
    expect(cad[0]?.unit).toBe('steps/min');
    const knee = recs.find((r) => r.section === 'summary' && r.metric === 'kneeFlexionPeakSwingDeg' && r.side === 'right');
    expect(knee).toMatchObject({ value: '57', sd: '2.2', n: '4', unit: '°' });
  });
  it('leaves out null metrics', () => {
    expect(recs.some((r) => r.metric === 'stepLengthM' && r.section === 'summary')).toBe(false);
  });
  it('writes per-stride and per-step rows from report.extra', () => {
    const strides = recs.filter((r) => r.section === 'stride');
    expect(strides).toHaveLength(2 * 8);
    expect(strides.find((r) => r.index === '2' && r.metric === 'strideTimeS')).toMatchObject({ side: 'right', 'start (s)': '1.05', 'end (s)': '2.12', value: '1.07', unit: 's' });
    expect(strides.find((r) => r.index === '1' && r.metric === 'contralateralPelvicDropDeg')?.value).toBe('');
    const steps = recs.filter((r) => r.section === 'step');
    expect(steps).toHaveLength(3 * 3);
    const s2 = steps.find((r) => r.index === '2' && r.metric === 'stepLengthM');
    expect(s2).toMatchObject({ side: 'left', value: '0.62', unit: 'm' });
    expect(Number(s2?.['start (s)'])).toBeCloseTo(1.05, 9);
  });
  it('works without report.extra (a report from elsewhere)', () => {
    const r = parseCsvRecords(reportToCsv(sampleReport()));
    expect(r.some((x) => x.section === 'stride')).toBe(false);
    expect(r.filter((x) => x.section === 'summary').length).toBeGreaterThan(10);
  });
  it('quotes per RFC 4180 and parses quoted commas, quotes and newlines', () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    expect(() => csvField(Number.NaN)).toThrow();
    expect(parseCsv('x,"a,""b""\r\nc",y\r\n1,,3\r\n')).toEqual([
      ['x', 'a,"b"\r\nc', 'y'],
      ['1', '', '3'],
    ]);
    expect(() => parseCsv('"open')).toThrow(/unterminated/);
  });
});

describe('JSON', () => {
  it('is pretty, stable in key order, and round-trips', () => {
    const r = sampleReport();
    const { flags, exercises } = assess(sampleReport({ contralateralPelvicDropDeg: { left: stat(9), right: stat(8.5) } }));
    r.flags = flags;
    r.exercises = exercises;
    const a = reportToJson(r);
    // same content, keys inserted in reverse order
    const reversed = JSON.parse(JSON.stringify(r), function (_k, v: unknown) {
      return v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v;
    }) as GaitReport;
    expect(Object.keys(reversed)[0]).not.toBe('format');
    expect(reportToJson(reversed)).toBe(a);
    expect(a.startsWith('{\n  "format": "gaitscope.report",\n  "version": 1,\n  "view": "sagittal"')).toBe(true);
    expect(a).toContain('"mean": 58.1,\n        "sd": 2,\n        "n": 4');
    expect(parseReportJson(a)).toEqual(JSON.parse(a));
  });
  it('refuses NaN, naming the field', () => {
    const r = sampleReport({ cadenceStepsPerMin: { value: Number.NaN } });
    expect(() => reportToJson(r)).toThrow(/report\.metrics\.cadenceStepsPerMin\.value/);
  });
  it('rejects unknown format/version and bad fields with the field name', () => {
    const ok = JSON.parse(reportToJson(sampleReport())) as Record<string, unknown>;
    expect(() => validateReport({ ...ok, version: 2 })).toThrow(/^version:/);
    expect(() => validateReport({ ...ok, format: 'other' })).toThrow(/^format:/);
    const bad = structuredClone(ok) as { metrics: Record<string, unknown> };
    bad.metrics.kneeFlexionPeakSwingDeg = { left: { mean: 'x', sd: 1, n: 1 }, right: null };
    expect(() => validateReport(bad)).toThrow(/^metrics\.kneeFlexionPeakSwingDeg\.left\.mean:/);
    expect(() => parseReportJson('{nope')).toThrow(/not valid JSON/);
  });
  it('keeps extra fields', () => {
    const r = sampleReport({}, { extra: { analysis: { eventMethod: 'x' } } });
    expect(parseReportJson(reportToJson(r)).extra).toEqual({ analysis: { eventMethod: 'x' } });
  });
});
