/**
 * PDF's standard fonts (Helvetica, Courier) know only WinAnsi characters: anything else is
 * shown as `?`, and control characters are dropped, so user text cannot break the layout.
 */
export function pdfSafe(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[^\n\t\u0020-\u00ff]/gu, '?');
}

/** Fits `text` in `width` characters: padded, or cut with an ellipsis mark. */
export function fixedWidth(text: string, width: number): string {
  const safe = pdfSafe(text).replace(/[\n\t]/g, ' ');
  return safe.length > width ? `${safe.slice(0, width - 1)}~` : safe.padEnd(width);
}
