/**
 * RFC 4180 CSV: every field quoted when it holds a comma, quote, CR or LF (quotes doubled), CRLF
 * line ends. Fields starting with = + - @ get a leading apostrophe so a spreadsheet does not run
 * a post's text as a formula (negative numbers are numbers, not text, and are left alone).
 */
export function toCsv(header: string[], rows: Array<Array<string | number | null>>): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    if (typeof v === 'number') return String(v);
    const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
