/**
 * A refusal of the access rules, shared by the HTTP API and the CLI: the server answers it as a
 * problem with the matching status, the CLI prints it and exits 1.
 */
export type AccessErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict'

export const ACCESS_ERROR_STATUS: Readonly<Record<AccessErrorKind, 400 | 403 | 404 | 409>> = { invalid: 400, forbidden: 403, 'not-found': 404, conflict: 409 }

export class AccessError extends Error {
  constructor(readonly kind: AccessErrorKind, message: string, readonly path?: string) {
    super(message)
  }
}
