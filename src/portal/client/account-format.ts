/**
 * Pure helpers of the account and apply scripts (no DOM, so tests run them in Node): filling the
 * page's text templates, and dates, expiries and durations in words.
 */
import type { AccountText } from './account-text.ts'

/** Replaces each `{name}` in a template with its value; unknown names stay as they are. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}

/** The JSON table a page put into an element's data-text (scriptText), or undefined when there is none. */
export function parseText<T>(json: string | undefined): T | undefined {
  if (!json) return undefined
  try {
    return JSON.parse(json) as T
  } catch {
    return undefined
  }
}

const DAY_MS = 86_400_000

/** A YYYY-MM-DD day as local midnight. */
function localDay(date: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return undefined
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
}

/** Whole days from today to an inclusive last day: 0 on the last day itself, negative once it has passed. */
export function daysUntil(date: string, now: Date = new Date()): number | undefined {
  const day = localDay(date)
  if (!day) return undefined
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate())
  // rounding absorbs the hour a daylight-saving change adds or takes
  return Math.round((day.getTime() - today.getTime()) / DAY_MS)
}

/** An expiry (a last day, inclusive) with how long it has left, or "does not expire". */
export function expiryText(text: AccountText, date: string | null, now: Date = new Date()): string {
  if (date === null) return text.noExpiry
  const days = daysUntil(date, now)
  if (days === undefined) return date
  if (days < 0) return fill(text.lapsed, { date })
  if (days === 0) return fill(text.lastDay, { date })
  if (days === 1) return fill(text.oneDayLeft, { date })
  return fill(text.daysLeft, { date, n: days })
}

/** A reply deadline, marked overdue once passed while the application still waits. */
export function deadlineText(text: AccountText, dueBy: string, pending: boolean, now: Date = new Date()): string {
  const days = daysUntil(dueBy, now)
  return pending && days !== undefined && days < 0 ? fill(text.overdue, { date: dueBy }) : dueBy
}

/** Seconds until a window resets, in seconds under a minute and whole minutes (rounded up) above. */
export function durationText(text: AccountText, seconds: number): string {
  if (seconds < 60) return fill(text.seconds, { n: Math.max(0, Math.ceil(seconds)) })
  return fill(text.minutes, { n: Math.ceil(seconds / 60) })
}

/** An ISO instant as the reader's local date and time (YYYY-MM-DD HH:MM), or the text itself if it is not one. */
export function instantText(iso: string | null): string {
  if (iso === null) return ''
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`
}

/** The tier in words. */
export function tierText(text: AccountText, tier: string): string {
  switch (tier) {
    case 'registered':
      return text.tierRegistered
    case 'partner':
      return text.tierPartner
    case 'admin':
      return text.tierAdmin
    case 'anonymous':
      return text.tierAnonymous
    default:
      return tier
  }
}

/** An application's status in words. */
export function statusText(text: AccountText, status: string): string {
  return status === 'pending' ? text.pending : status === 'approved' ? text.approved : status === 'rejected' ? text.rejected : status
}

/** What the administrator replied: the grant's last day, the reason of a refusal, or that no reply came yet. */
export function replyText(text: AccountText, application: { status: string; expires_at: string | null; reason: string | null }): string {
  if (application.status === 'approved') return fill(text.replyApproved, { date: application.expires_at ?? '' })
  if (application.status === 'rejected') return fill(text.replyRejected, { reason: application.reason ?? '' })
  return text.replyPending
}

/** A count with the page language's digit grouping (1,000,000). */
export function countText(n: number, locale: string): string {
  try {
    return new Intl.NumberFormat(locale).format(n)
  } catch {
    return String(n)
  }
}
