import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { HttpProblem, problemBody, type ProblemBody } from '../problem.ts'
import { validationErrors, type ValidationIssue } from '../validation-errors.ts'

/**
 * Every error leaves the server as RFC 9457 application/problem+json: validation errors name the
 * parameter, 4xx keep their message, anything else is a generic 500 (the details go to the log only).
 */
export function sendProblem(reply: { code: (n: number) => unknown; type: (t: string) => unknown; send: (b: string) => unknown }, body: ProblemBody): void {
  reply.code(body.status)
  reply.type('application/problem+json')
  reply.send(JSON.stringify(body))
}

export interface ProblemsOptions {
  /**
   * Answers a browser with an HTML page instead (the portal's); returns false, answering nothing,
   * when the request is not a browser's navigation.
   */
  htmlErrorPage?: (request: FastifyRequest, reply: FastifyReply, status: number, detail: string) => boolean
}

export default fp(
  async function problems(app: FastifyInstance, options: ProblemsOptions) {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof HttpProblem) return sendProblem(reply, error.toBody(request.url))
      if (error.validation) {
        const errors = validationErrors(error.validation as ValidationIssue[], error.validationContext)
        const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ')
        return sendProblem(reply, problemBody(400, detail, { errors }))
      }
      const status = error.statusCode ?? 500
      if (status >= 400 && status < 500) return sendProblem(reply, problemBody(status, error.message))
      request.log.error({ err: error }, 'unhandled error')
      return sendProblem(reply, problemBody(status >= 500 && status < 600 ? status : 500, 'an unexpected error occurred; it has been logged'))
    })
    app.setNotFoundHandler((request, reply) => {
      const detail = `no route ${request.method} ${request.url.split('?')[0]}`
      if (options.htmlErrorPage?.(request, reply, 404, detail)) return
      sendProblem(reply, problemBody(404, detail))
    })
  },
  { name: 'problems' },
)
