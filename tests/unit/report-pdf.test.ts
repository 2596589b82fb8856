import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { sampleReport, stat } from '../../src/assessment/fixtures.ts';
import { RED_FLAGS, SCREENING_DISCLAIMER, assess, buildProgramme, flagReport, summarise } from '../../src/assessment/index.ts';
import { formatReportDate, needsUnicodeFont, pdfSafeText, reportToPdf, reportToPdfWithFonts, type PdfFontStyle, type ReportPdfInput } from '../../src/report/pdf.ts';
import { loadPdfFontNode, pdfFontPathNode } from '../../src/report/font-node.ts';
import { PDF_FONT_URLS, loadPdfFontBrowser } from '../../src/report/font-browser.ts';

const PDFFONTS = '/usr/bin/pdffonts';

const PDFTOTEXT = '/usr/bin/pdftotext';
const dir = mkdtempSync(join(tmpdir(), 'gaitscope-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real PNG (w×h, RGB gradient) as a data URL, built with zlib so the image path is exercised. */
function pngDataUrl(w: number, h: number): string {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set([(x * 255) / w, (y * 255) / h, 128], y * (w * 3 + 1) + 1 + x * 3);
  const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

function pdfText(bytes: Uint8Array, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

function input(): ReportPdfInput {
  const report = sampleReport({ contralateralPelvicDropDeg: { left: stat(8.4, 0.9), right: stat(4.2, 0.5) }, hipExtensionPeakDeg: { left: stat(6.1), right: stat(12.0) } });
  const flags = flagReport(report);
  const programme = buildProgramme(flags);
  return {
    report,
    patient: { name: '<img src=x onerror=alert(1)>', yearOfBirth: 1980, sex: 'female', heightM: 1.68, sideOfConcern: 'left' },
    dateIso: '2025-03-14',
    clinicianNotes: 'Review in 6 weeks. Déjà vu: 5 ≤ 6 − 1.',
    charts: [{ title: 'Pelvic obliquity over time', pngDataUrl: pngDataUrl(60, 30), alt: 'Pelvic obliquity stays within ±5° with larger dips during left stance.' }],
    summary: summarise(report, flags),
    flags,
    programme,
  };
}

describe.skipIf(!existsSync(PDFTOTEXT))('PDF export (read back with pdftotext)', () => {
  const inp = input();
  const bytes = reportToPdf(inp);
  const text = pdfText(bytes, 'report.pdf');
  const flat = squash(text);

  it('is a PDF', () => {
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(5000);
  });
  it('shows the cadence value and the metrics with ° and ±', () => {
    expect(text).toContain('112.3');
    expect(flat).toContain('58.1 ± 2.0 (n=4)');
    expect(flat).toMatch(/55–65/);
    expect(text).toContain('°');
  });
  it('shows a patient name with markup literally', () => {
    expect(text).toContain('Patient: <img src=x onerror=alert(1)>');
  });
  it('has date, view, findings, programme, safety text and clinician notes', () => {
    expect(text).toContain('Date: 14 Mar 2025');
    expect(flat).toContain('walk filmed from the side');
    expect(flat).toContain(squash(inp.flags[0]?.finding ?? 'missing'));
    for (const it of inp.programme?.items ?? []) {
      expect(flat).toContain(it.exercise.name);
      expect(flat).toContain(`Dose: ${it.dose}`);
    }
    expect(flat).toContain('When to progress:');
    expect(flat).toContain(SCREENING_DISCLAIMER);
    for (const r of RED_FLAGS) expect(flat).toContain(squash(pdfSafeText(r)));
    expect(flat).toContain('screening aid, not a diagnosis');
    expect(flat).toContain('Review in 6 weeks. Déjà vu: 5 <= 6 - 1.');
    expect(flat).toContain('Chart description: Pelvic obliquity stays within ±5°');
  });
  it('says "not measured" for a null metric and works without patient or charts', () => {
    const r = sampleReport({ gaitSpeedMps: null });
    const t = squash(pdfText(reportToPdf({ report: r, dateIso: '2025-01-02', summary: [], flags: [], programme: buildProgramme([]) }), 'bare.pdf'));
    expect(t).toMatch(/Gait speed not measured/);
    expect(t).toContain('Patient: not given');
    expect(t).toContain('keeping your hips healthy');
  });
});

describe('session date for people', () => {
  it('a timestamp: day, short month, year, 24-hour time and the zone, in the zone asked for', () => {
    expect(formatReportDate('2026-11-28T17:48:28.285Z', 'UTC')).toBe('28 Nov 2026, 17:48 UTC');
    expect(formatReportDate('2026-11-28T17:48:28.285Z', 'Europe/Berlin')).toBe('28 Nov 2026, 18:48 CET');
    expect(formatReportDate('2026-01-01T00:30:00Z', 'America/New_York')).toBe('31 Dec 2025, 19:30 GMT-5');
  });
  it('a date alone stays that calendar day in every zone; an unreadable date is shown as given', () => {
    expect(formatReportDate('2025-04-01', 'America/New_York')).toBe('1 Apr 2025');
    expect(formatReportDate('2025-04-01', 'Asia/Tokyo')).toBe('1 Apr 2025');
    expect(formatReportDate('not a date')).toBe('not a date');
  });
});

describe.skipIf(!existsSync(PDFTOTEXT))('PDF dates', () => {
  it('page 1 and every footer show a readable date and time, not the ISO timestamp', () => {
    const r = sampleReport();
    const t = pdfText(reportToPdf({ report: r, dateIso: '2026-11-28T17:48:28.285Z', timeZone: 'UTC', summary: summarise(r, []), flags: [], programme: buildProgramme([]) }), 'dates.pdf');
    expect(t).not.toContain('2026-11-28T');
    expect(squash(t)).toContain('Date: 28 Nov 2026, 17:48 UTC');
    const pages = t.split('\f').filter((x) => x.trim() !== '');
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(squash(page)).toMatch(/not a diagnosis\. 28 Nov 2026, 17:48 UTC\. Page \d+ of \d+/);
  });
});

describe.skipIf(!existsSync(PDFTOTEXT))('PDF from a stored session (UI-shaped input)', () => {
  it('rebuilds the programme from report exercises and accepts sessionDate and chart captions', () => {
    const report = sampleReport({ kneeFlexionPeakSwingDeg: { left: stat(45), right: stat(58) } });
    const { flags, exercises } = assess(report);
    const t = squash(
      pdfText(
        reportToPdf({
          report,
          patient: { name: 'Ann', yearOfBirth: null, sex: 'unspecified', heightM: null, sideOfConcern: 'both' },
          sessionDate: '2025-04-01',
          summary: [],
          flags,
          exercises,
          charts: [{ title: 'Knee', pngDataUrl: pngDataUrl(20, 20), caption: 'Left knee bends less than right.' }],
        }),
        'ui.pdf',
      ),
    );
    expect(t).toContain('Date: 1 Apr 2025');
    expect(t).not.toContain('2025-04-01');
    expect(t).not.toContain('Sex: unspecified');
    expect(t).toContain('Chart description: Left knee bends less than right.');
    expect(t).toContain('Heel slides');
    expect(t).toContain('For: Little knee bend in swing');
  });
});

/** Font names embedded in a PDF, from poppler's pdffonts (first column after the two header lines). */
function pdfFontNames(bytes: Uint8Array, name: string): string[] {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync(PDFFONTS, [file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .map((l) => l.split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

/** A font loader reading from node_modules that records which styles were asked for. */
function recordingLoader(): { calls: PdfFontStyle[]; load: (s: PdfFontStyle) => Promise<Uint8Array> } {
  const calls: PdfFontStyle[] = [];
  return { calls, load: (s) => (calls.push(s), loadPdfFontNode(s)) };
}

const NAME = 'Łukasz Wróbel-Σοφία Олена';
const CZECH_NOTE = 'Příliš žluťoučký kůň úpěl ďábelské ódy. Kontrola za 6 týdnů, bolest ≤ 3/10.';

describe.skipIf(!existsSync(PDFTOTEXT) || !existsSync(PDFFONTS))('PDF with non-Latin-1 text (embedded Unicode font)', () => {
  it('prints a Polish/Greek/Cyrillic name and a Czech note exactly, embedding DejaVu Sans only for the styles used', async () => {
    const loader = recordingLoader();
    const inp: ReportPdfInput = { ...input(), patient: { name: NAME, yearOfBirth: 1975 }, clinicianNotes: CZECH_NOTE };
    const bytes = await reportToPdfWithFonts(inp, loader.load);
    const text = pdfText(bytes, 'unicode.pdf');
    expect(text).toContain(`Patient: ${NAME}`);
    expect(squash(text)).toContain(CZECH_NOTE);
    // The rest still prints (Helvetica), including the spelled-out ≤ in Latin-only strings.
    expect(squash(text)).toContain('58.1 ± 2.0 (n=4)');
    expect(text).toContain('14 Mar 2025');
    // Name and note are regular text: the bold font is neither loaded nor embedded.
    expect(loader.calls).toEqual(['normal']);
    // jsPDF names both faces after the family: one embedded DejaVu font = regular only.
    expect(pdfFontNames(bytes, 'unicode-fonts.pdf').filter((f) => f.includes('DejaVu'))).toEqual(['DejaVuSans']);
    // jsPDF embeds a subset: the PDF stays far smaller than the 757 kB font file.
    expect(bytes.length).toBeLessThan(300_000);
  });

  it('loads and embeds the bold face when bold text needs it (exercise name), and marks glyphs the font lacks with "?"', async () => {
    const base = input();
    const first = base.programme?.items[0];
    if (!first) throw new Error('fixture has no programme item');
    const programme = { ...base.programme, items: [{ ...first, exercise: { ...first.exercise, name: 'Мост на одной ноге' } }] };
    const loader = recordingLoader();
    const bytes = await reportToPdfWithFonts({ ...base, programme, clinicianNotes: 'Dvořák 名 ok' }, loader.load);
    const text = pdfText(bytes, 'bold.pdf');
    expect(text).toContain('1. Мост на одной ноге');
    expect(text).toContain('Dvořák ? ok');
    expect([...loader.calls].sort()).toEqual(['bold', 'normal']);
    expect(pdfFontNames(bytes, 'bold-fonts.pdf').filter((f) => f.includes('DejaVu'))).toEqual(['DejaVuSans', 'DejaVuSans']);
  });

  it('does not load or embed the font for a plain-Latin report', async () => {
    const loader = recordingLoader();
    const bytes = await reportToPdfWithFonts({ ...input(), patient: { name: 'Zoë Brontë-Müller' }, clinicianNotes: 'Déjà vu: 5 ≤ 6 − 1.' }, loader.load);
    expect(loader.calls).toEqual([]);
    expect(new TextDecoder('latin1').decode(bytes)).not.toContain('DejaVu');
    expect(pdfFontNames(bytes, 'plain-fonts.pdf').filter((f) => f.includes('DejaVu'))).toEqual([]);
    const text = pdfText(bytes, 'plain.pdf');
    expect(text).toContain('Patient: Zoë Brontë-Müller');
    expect(squash(text)).toContain('Déjà vu: 5 <= 6 - 1.');
    // Same bytes as the synchronous Helvetica-only export.
    expect(bytes.length).toBe(reportToPdf({ ...input(), patient: { name: 'Zoë Brontë-Müller' }, clinicianNotes: 'Déjà vu: 5 ≤ 6 − 1.' }).length);
  });

  it('without fonts (synchronous reportToPdf) falls back to "?" as before', () => {
    const text = pdfText(reportToPdf({ ...input(), patient: { name: NAME } }), 'fallback.pdf');
    expect(text).toContain('Patient: ?ukasz Wróbel-????? ?????');
  });

  it('rejects a loader that returns something other than a TrueType file', async () => {
    const html = new TextEncoder().encode('<!doctype html><title>404</title>');
    await expect(reportToPdfWithFonts({ ...input(), patient: { name: NAME } }, async () => html)).rejects.toThrow(/not a TrueType file/);
  });
});

describe('browser font loader (fetch mocked with the files the asset URLs point to)', () => {
  afterEach(() => vi.unstubAllGlobals());
  it('fetches each style once from its asset URL and gets the same bytes as the Node loader', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      // Vite serves node_modules files at /node_modules/... (dev) or /@fs/<abs path>; the build emits /assets/DejaVuSans-<hash>.ttf.
      const rel = url.replace(/^\/@fs/, '').replace(/^\/node_modules\//, 'node_modules/');
      const file = rel.startsWith('/') ? rel : join(process.cwd(), rel);
      return existsSync(file) ? new Response(readFileSync(file)) : new Response('missing', { status: 404 });
    });
    for (const style of ['normal', 'bold'] as const) {
      expect(PDF_FONT_URLS[style]).toMatch(style === 'bold' ? /DejaVuSans-Bold\.ttf$/ : /DejaVuSans\.ttf$/);
      const a = await loadPdfFontBrowser(style);
      const b = await loadPdfFontBrowser(style);
      expect(b).toBe(a);
      expect(Buffer.from(a).equals(readFileSync(pdfFontPathNode(style)))).toBe(true);
    }
    expect(urls).toEqual([PDF_FONT_URLS.normal, PDF_FONT_URLS.bold]);
  });
});

describe('needsUnicodeFont', () => {
  it('is false for WinAnsi text and spelled-out symbols, true for other scripts', () => {
    expect(needsUnicodeFont('Zoë Brontë-Müller – “Œuvre” € 5 ≤ 6 − 1\t')).toBe(false);
    expect(needsUnicodeFont('Łukasz')).toBe(true);
    expect(needsUnicodeFont('Dvořák')).toBe(true);
    expect(needsUnicodeFont('Σοφία')).toBe(true);
    expect(needsUnicodeFont('Олена')).toBe(true);
    // Decomposed r + combining caron normalises to ř.
    expect(needsUnicodeFont('Dvor\u030cák')).toBe(true);
    expect(needsUnicodeFont('e\u0301')).toBe(false);
  });
});

describe('pdfSafeText', () => {
  it('keeps WinAnsi characters and spells out the rest', () => {
    expect(pdfSafeText('58° ± 2 – “é” …')).toBe('58° ± 2 – “é” …');
    expect(pdfSafeText('a ≤ b ≥ c − d ≈ e → f')).toBe('a <= b >= c - d ~ e -> f');
    expect(pdfSafeText('名前')).toBe('??');
  });
});
