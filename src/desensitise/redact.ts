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

function maskAll(text: string, found: readonly Finding[]): string {
  let out = ''
  let at = 0
  for (const f of found) {
    out += text.slice(at, f.start) + maskFinding(f)
    at = f.end
  }
  return out + text.slice(at)
}

/**
 * Masks every personal finding, then scans the result again until it is clean: masking one
 * identifier can uncover another that it overlapped ("沪A110105197001010003" is an ID, and once the ID
 * is masked "沪A110105" reads as a plate). Each pass masks at least one letter or digit, so this ends;
 * in practice the second scan finds nothing. The output is therefore clean for the leak guard, and
 * redactText(redactText(x)) === redactText(x).
 */
export function redactText(text: string): string {
  let found = detectPersonal(text)
  let out = text
  while (found.length > 0) {
    out = maskAll(out, found)
    found = detectPersonal(out)
  }
  return out
}
