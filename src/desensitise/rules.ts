/**
 * Compiles the rules of a dataset's fields (SPEC §4.1) into one function applied to every row on
 * ingest, before anything is stored. The per-field work is chosen once here; `apply` only loops.
 *
 * - Nulls (and missing keys) are null under every rule; keys not in `fields` are not copied.
 * - keep: as is. suppress: null, type kept. drop: key absent, field absent from publicFields.
 * - mask, hash, redact: string output (non-string input is stringified first), type 'string'.
 * - generalize: see generalize.ts (year, birth_year → 'integer'; month, bucket, district → 'string').
 * - A configuration the catalog validator should have refused (unknown rule, bad keep_start/keep_end
 *   or ones showing more than the kind's bound, catalog/mask-bounds.ts, bad bucket, duplicate field, empty key
 *   with a hash rule) throws here: ingest never runs unchecked.
 */
import { RULE_KINDS, ruleKind } from '../catalog/schema.ts'
import type { CellValue, CoercedRow, FieldSpec, FieldType, PublicRow } from './types.ts'
import { generalizerFor } from './generalize.ts'
import { pseudonymizerFor } from './hash.ts'
import { maskerFor } from './mask.ts'
import { customMaskExcess } from '../catalog/mask-bounds.ts'
import { redactText } from './redact.ts'

export interface Desensitiser {
  /** the published schema: dropped fields removed, types adjusted to the rule's output */
  readonly publicFields: FieldSpec[]
  apply(row: CoercedRow): PublicRow
}

type CellFn = (value: string | number | boolean) => CellValue

interface CompiledField {
  fn: CellFn | null
  type: FieldType
}

// the rule comes typed, but from a catalog entry whose check could have been skipped
const KNOWN_RULES: ReadonlySet<string> = new Set(RULE_KINDS)

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0
}

function compileField(f: FieldSpec, key: Buffer): CompiledField | null {
  const rule = f.rule
  const kind = ruleKind(rule)
  if (!KNOWN_RULES.has(kind)) throw new Error(`unknown rule ${JSON.stringify(rule)}`)
  switch (kind) {
    case 'keep':
      return { fn: null, type: f.type }
    case 'drop':
      return null
    case 'suppress':
      return { fn: () => null, type: f.type }
    case 'redact':
      return { fn: (v) => redactText(typeof v === 'string' ? v : String(v)), type: 'string' }
    case 'hash': {
      const p = pseudonymizerFor(key, f.pii)
      return { fn: (v) => p(typeof v === 'string' ? v : String(v)), type: 'string' }
    }
    case 'mask': {
      let custom
      if (typeof rule === 'object' && 'mask' in rule) {
        custom = rule.mask
        if (custom === null || typeof custom !== 'object' || !isCount(custom.keep_start) || !isCount(custom.keep_end)) {
          throw new Error('mask needs keep_start and keep_end as non-negative integers')
        }
        const excess = customMaskExcess(f.pii, custom)
        if (excess !== undefined) throw new Error(excess)
      }
      const m = maskerFor(f.pii, custom)
      return { fn: (v) => m(typeof v === 'string' ? v : String(v)), type: 'string' }
    }
    case 'generalize': {
      const g = generalizerFor((rule as { generalize: Parameters<typeof generalizerFor>[0] }).generalize)
      return { fn: g.fn as CellFn, type: g.type }
    }
  }
}

export function compileDesensitiser(fields: readonly FieldSpec[], key: Buffer): Desensitiser {
  const names: string[] = []
  const fns: Array<CellFn | null> = []
  const publicFields: FieldSpec[] = []
  const seen = new Set<string>()
  for (const f of fields) {
    if (seen.has(f.name)) throw new Error(`field "${f.name}" is declared twice`)
    seen.add(f.name)
    let c: CompiledField | null
    try {
      c = compileField(f, key)
    } catch (e) {
      throw new Error(`field "${f.name}": ${(e as Error).message}`)
    }
    if (c === null) continue
    names.push(f.name)
    fns.push(c.fn)
    publicFields.push({ ...f, type: c.type })
  }
  const n = names.length
  return {
    publicFields,
    apply(row: CoercedRow): PublicRow {
      const out: Record<string, CellValue> = {}
      for (let i = 0; i < n; i++) {
        const name = names[i] as string
        const v = row[name]
        if (v === null || v === undefined) out[name] = null
        else {
          const fn = fns[i] as CellFn | null
          out[name] = fn === null ? v : fn(v)
        }
      }
      // the one place a PublicRow is made: every value above went through its field's rule
      return out as PublicRow
    },
  }
}
