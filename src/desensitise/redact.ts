/**
 * The `redact` rule (SPEC §4.1): every personal identifier found in free text (detectors.ts) is
 * masked in place with the mask preset of its kind (mask.ts); credit codes (organisations) are left as
 * they are. "请联系13812345678处理" → "请联系138****5678处理".
 */
import type { PiiKind } from './types.ts'
import { detectPersonal, type DetectorKind, type Finding } from './detectors.ts'
import { maskValue } from './mask.ts'

/** The mask preset used for a finding of each personal detector. */
export function piiOfDetector(kind: DetectorKind): PiiKind {
  return kind === 'credit_code' ? 'none' : kind
}

/** A finding masked with the preset of its kind: the only form in which a finding may be shown. */
export function maskFinding(f: Finding): string {
  return maskValue(f.value, piiOfDetector(f.kind))
}

export function redactText(text: string): string {
  const found = detectPersonal(text)
  if (found.length === 0) return text
  let out = ''
  let at = 0
  for (const f of found) {
    out += text.slice(at, f.start) + maskFinding(f)
    at = f.end
  }
  return out + text.slice(at)
}
