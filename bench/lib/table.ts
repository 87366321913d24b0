/** A plain-text table with right-aligned numbers, for terminals and Markdown alike. */
export function formatTable(header: string[], rows: (string | number)[][], markdown = false): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    (markdown ? '| ' : '') +
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(markdown ? ' | ' : '  ') +
    (markdown ? ' |' : '');
  const rule = markdown
    ? `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`
    : widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}
