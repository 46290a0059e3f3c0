// The results as a Markdown table: one row per measurement, one column per stack. A cell is a
// number or a stated reason ("timeout after 240 s", "error: ...").
export function cellText(row, cell) {
  if (!cell) return 'not run';
  if (cell.reason) return cell.reason;
  return row.show(cell.result);
}

/** table: {columns: [{id, label}], rows: [{label, cells: {id: text}}]} → Markdown lines. */
export function markdownTable(columns, rows) {
  const escape = (s) => String(s).replace(/\|/g, '\\|');
  const lines = [
    `| | ${columns.map((c) => escape(c.label)).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
  ];
  for (const row of rows) lines.push(`| ${escape(row.label)} | ${columns.map((c) => escape(row.cells[c.id])).join(' | ')} |`);
  return lines.join('\n');
}
