import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { submitApplication } from '../../access/applications.ts'
import type { WorkingCalendar } from '../../config/holidays.ts'
import type { AccessStore } from '../../store/access-types.ts'
import { asProblem } from '../access-problem.ts'
import { applicationView } from '../access-views.ts'
import { requireKey } from '../plugins/auth.ts'
import { DatasetIdParams, problemResponses } from '../schemas/common.ts'
import { Application, ApplicationBody, ApplicationFilter, ApplicationList } from '../schemas/access.ts'

export interface ApplicationRouteOptions {
  access: AccessStore
  calendar: WorkingCalendar
}

/** A key holder applies for conditional data and follows their own applications (SPEC §3). */
const applicationRoutes: FastifyPluginAsyncTypebox<ApplicationRouteOptions> = async (app, { access, calendar }) => {
  app.post('/api/v1/datasets/:id/applications', {
    onRequest: requireKey,
    schema: {
      tags: ['access'],
      summary: 'Apply for access to a conditionally open dataset',
      description: 'Only conditional datasets take applications (409 for open and closed ones). The reply is due within 20 working days (`due_by`).',
      params: DatasetIdParams,
      body: ApplicationBody,
      response: { 201: Application, ...problemResponses(400, 401, 404, 409) },
    },
  }, async (request, reply) => {
    const application = await asProblem(() => submitApplication(access, app.store, calendar, {
      keyId: request.caller.keyId as string,
      datasetId: request.params.id,
      purpose: request.body.purpose,
    }))
    reply.code(201)
    return applicationView(application)
  })

  app.get('/api/v1/applications', {
    onRequest: requireKey,
    schema: {
      tags: ['access'],
      summary: 'The calling key\'s applications, oldest first',
      querystring: ApplicationFilter,
      response: { 200: ApplicationList, ...problemResponses(400, 401) },
    },
  }, async (request) => {
    const items = await access.listApplications({ keyId: request.caller.keyId as string, ...(request.query.status ? { status: request.query.status } : {}) })
    return { items: items.map(applicationView) }
  })
}

export default applicationRoutes
