/** How a catalog field is named in every message: `fields[5] (amount)`, since a steward finds it by name, not by counting. */
export function fieldLabel(index: number, name: unknown): string {
  if (typeof name !== 'string' || name === '') return `fields[${index}]`
  const chars = [...name]
  // a name that broke the rules may be long or hold anything: shown quoted and short
  const shown = /^[a-z_][a-z0-9_]*$/.test(name) && chars.length <= 64 ? name : JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : name)
  return `fields[${index}] (${shown})`
}

/** `fields[5].rule` → `fields[5] (amount).rule`, the name looked up in the entry's (unvalidated) fields. */
export function nameFieldsInPath(path: string, fields: unknown): string {
  const match = /^fields\[(\d+)\]/.exec(path)
  if (!match || !Array.isArray(fields)) return path
  const index = Number(match[1])
  const field: unknown = fields[index]
  const name = typeof field === 'object' && field !== null ? (field as { name?: unknown }).name : undefined
  return `${fieldLabel(index, name)}${path.slice(match[0].length)}`
}
