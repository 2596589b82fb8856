/**
 * Node loader for the PDF's Unicode font (CLI, tests): DejaVu Sans regular/bold read from
 * node_modules/dejavu-fonts-ttf (Bitstream Vera licence + public domain, see its LICENSE).
 * Not imported by browser code (font-browser.ts is the browser counterpart).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PdfFontLoader, PdfFontStyle } from './pdf.ts';

const FILES: Readonly<Record<PdfFontStyle, string>> = { normal: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' };

/** Absolute path of one style's .ttf in node_modules. */
export function pdfFontPathNode(style: PdfFontStyle): string {
  return createRequire(import.meta.url).resolve(FILES[style]);
}

/** Reads one style of the Unicode font from node_modules. */
export const loadPdfFontNode: PdfFontLoader = async (style) => new Uint8Array(await readFile(pdfFontPathNode(style)));
