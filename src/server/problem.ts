import { STATUS_CODES } from 'node:http'

/** An RFC 9457 problem a route throws on purpose; the error handler turns it into application/problem+json. */
export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  errors?: Array<{ path: string; message: string }>
  [extension: string]: unknown
}

export const PROBLEM_BASE = 'https://gongkai.dev/problems/'

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extra: { type?: string; errors?: ProblemBody['errors']; [key: string]: unknown } = {},
  ) {
    super(detail)
  }

  toBody(instance?: string): ProblemBody {
    const { type, ...rest } = this.extra
    return problemBody(this.status, this.detail, { ...(type ? { type } : {}), ...rest, ...(instance ? { instance } : {}) })
  }
}

export function problemBody(status: number, detail: string, extra: Record<string, unknown> = {}): ProblemBody {
  const title = STATUS_CODES[status] ?? 'Error'
  const type = typeof extra.type === 'string' ? extra.type : `${PROBLEM_BASE}${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
  return { ...extra, type, title, status, detail }
}
