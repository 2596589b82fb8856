/** File downloads from the browser (Blob + anchor); nothing is uploaded anywhere. */

/** A file-name-safe slug of free text (markup and punctuation become dashes). */
export function fileSlug(text: string, fallback = 'report'): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s === '' ? fallback : s;
}

/** Starts a download of `blob` as `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `YYYY-MM-DD` of an ISO timestamp or Date, in local time. */
export function dayOf(when: string | Date): string {
  const d = typeof when === 'string' ? new Date(when) : when;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
