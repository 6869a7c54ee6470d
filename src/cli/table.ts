/** Left-aligned columns for terminal listings; the last column is not padded. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const all = [header, ...rows]
  const widths = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)))
  return all
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ').trimEnd())
    .join('\n')
}
