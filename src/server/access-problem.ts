import { ACCESS_ERROR_STATUS, AccessError } from '../access/errors.ts'
import { HttpProblem } from './problem.ts'

/** Runs an access operation and turns its refusals (AccessError) into RFC 9457 problems with the matching status. */
export async function asProblem<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    if (!(error instanceof AccessError)) throw error
    throw new HttpProblem(ACCESS_ERROR_STATUS[error.kind], error.message, error.path ? { errors: [{ path: error.path, message: error.message }] } : {})
  }
}
