/** Desensitisation on ingest (SPEC §4): the public API of this module. */
export type {
  CellValue,
  CoercedRow,
  FieldSpec,
  FieldType,
  Generalize,
  PiiKind,
  PublicRow,
  Rule,
} from './types.ts'
export { districtEnd } from './address.ts'
export {
  DETECTORS,
  MIN_BIRTH_YEAR,
  PLATE_PROVINCES,
  detectAll,
  detectPersonal,
  isValidCreditCode,
  isValidIdCard,
  luhnValid,
  mayContainPersonal,
  type Detector,
  type DetectorKind,
  type Finding,
  type Match,
} from './detectors.ts'
export { codePointLength, maskCustom, maskGeneric, maskValue, maskerFor, type CustomMask, type Masker } from './mask.ts'
export { normaliseForPseudonym, pseudonym, pseudonymizerFor, type Pseudonymizer } from './hash.ts'
export {
  birthYear,
  generalizeBucket,
  generalizeDistrict,
  generalizeMonth,
  generalizeValue,
  generalizeYear,
  generalizerFor,
  type Generalizer,
} from './generalize.ts'
export { maskFinding, piiOfDetector, redactText } from './redact.ts'
export { compileDesensitiser, type Desensitiser } from './rules.ts'
export {
  MAX_ROWS_REPORTED,
  createLeakGuard,
  formatLeakViolation,
  isDeclaredNotPersonal,
  type LeakFinding,
  type LeakGuard,
} from './leak-guard.ts'
export {
  checkKAnonymity,
  createGroupCounter,
  type GroupCounter,
  type KAnonymityReport,
  type KAnonymityResult,
  type KRow,
} from './k-anonymity.ts'
export { PSEUDONYM_KEY_FILE, loadPseudonymKey } from './pseudonym-key.ts'
