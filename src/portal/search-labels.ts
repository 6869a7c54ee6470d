import { UPDATE_FREQUENCIES } from '../catalog/schema.ts'
import { GRADES, OPEN_ATTRIBUTES, type Grade, type OpenAttribute } from '../config/grades.ts'
import type { PageContext } from './context.ts'
import { FREQUENCY_TEXT, GRADE_TEXT, OPEN_TEXT } from './i18n/common.ts'
import { localized } from './i18n/lang.ts'
import { formatCount as formatCountIn } from './format.ts'

export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number]

export function isFrequency(value: unknown): value is UpdateFrequency {
  return (UPDATE_FREQUENCIES as readonly unknown[]).includes(value)
}

/** A theme's name in the page language (_themes.yaml name_en), the stored name when the taxonomy lacks it. */
export function themeName(ctx: PageContext, name: string): string {
  const theme = ctx.themes.find((t) => t.name === name)
  return localized(ctx.lang, name, theme?.name_en)
}

export function gradeLabel(ctx: PageContext, grade: number): string {
  return (GRADES as readonly number[]).includes(grade) ? ctx.t(GRADE_TEXT[grade as Grade].label) : String(grade)
}

export function openLabel(ctx: PageContext, open: string): string {
  return (OPEN_ATTRIBUTES as readonly string[]).includes(open) ? ctx.t(OPEN_TEXT[open as OpenAttribute].label) : open
}

export function frequencyLabel(ctx: PageContext, frequency: string): string {
  return isFrequency(frequency) ? ctx.t(FREQUENCY_TEXT[frequency]) : frequency
}

/** Fills `{name}` placeholders of a text: the texts with numbers in them stay whole sentences in both languages. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}

/** A count as the page language writes it (1,234). */
export function formatCount(ctx: PageContext, n: number): string {
  return formatCountIn(ctx.lang, n)
}

/** The date of an ISO timestamp (YYYY-MM-DD, as stored: UTC). */
export function isoDate(timestamp: string): string {
  return timestamp.slice(0, 10)
}
