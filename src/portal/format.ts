import type { Lang } from './i18n/lang.ts'

/** Numbers, sizes and dates as the portal writes them; formatters made once (making one costs more than formatting). */
const NUMBER: Readonly<Record<Lang, Intl.NumberFormat>> = {
  zh: new Intl.NumberFormat('zh-CN'),
  en: new Intl.NumberFormat('en'),
}
const DECIMAL: Readonly<Record<Lang, Intl.NumberFormat>> = {
  zh: new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en', { maximumFractionDigits: 1 }),
}

export function formatCount(lang: Lang, n: number): string {
  return NUMBER[lang].format(n)
}

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const

/** Decimal units (1 KB = 1,000 bytes), so the name says what it counts. */
export function formatBytes(lang: Lang, bytes: number): string {
  if (bytes < 1000) return lang === 'zh' ? `${bytes} 字节` : `${bytes} bytes`
  let value = bytes
  let unit = 'B'
  for (const u of UNITS) {
    value /= 1000
    unit = u
    if (value < 1000) break
  }
  return `${DECIMAL[lang].format(value)} ${unit}`
}

/** The exact count beside the rounded size. */
export function formatExactBytes(lang: Lang, bytes: number): string {
  return lang === 'zh' ? `${NUMBER.zh.format(bytes)} 字节` : `${NUMBER.en.format(bytes)} bytes`
}

/** Dates and times in Beijing time, the zone the data's providers publish in. */
const DATE_TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
const DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

export function formatDateTime(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d)
}

export function formatDate(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : DATE.format(d)
}
