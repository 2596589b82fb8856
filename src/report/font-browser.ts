/**
 * Browser-only: the PDF's Unicode font (DejaVu Sans, regular and bold, from the npm package
 * `dejavu-fonts-ttf`; Bitstream Vera licence + public domain, see its LICENSE) bundled by Vite
 * as separate assets and fetched from the app's own origin only when a PDF needs it
 * (`reportToPdfWithFonts`). The Node counterpart is font-node.ts.
 */
import boldUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url';
import regularUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url';
import type { PdfFontLoader, PdfFontStyle } from './pdf.ts';

/** Same-origin URL of each style's .ttf asset. */
export const PDF_FONT_URLS: Readonly<Record<PdfFontStyle, string>> = Object.freeze({ normal: regularUrl, bold: boldUrl });

const cache = new Map<PdfFontStyle, Promise<Uint8Array>>();

async function fetchFont(style: PdfFontStyle): Promise<Uint8Array> {
  const url = PDF_FONT_URLS[style];
  const res = await fetch(url);
  if (!res.ok) throw new Error(`PDF font ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Fetches one style of the Unicode font (once per page load; a failed fetch is retried next time). */
export const loadPdfFontBrowser: PdfFontLoader = (style) => {
  let p = cache.get(style);
  if (!p) {
    p = fetchFont(style);
    cache.set(style, p);
    p.catch(() => cache.delete(style));
  }
  return p;
};
