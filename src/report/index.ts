/** Report exporters: CSV, JSON (both also run in Node for the CLI) and PDF (jsPDF). */
export * from './csv.ts';
export * from './json.ts';
export * from './pdf.ts';
