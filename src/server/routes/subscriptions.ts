import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { enable, ownSubscription, subscribe, unsubscribe } from '../../webhooks/subscriptions.ts'
import { asProblem } from '../access-problem.ts'
import { requireKey } from '../plugins/auth.ts'
import { problemResponses } from '../schemas/common.ts'
import { CreatedSubscription, DeliveryPage, DeliveryQuery, Subscription, SubscriptionBody, SubscriptionIdParams, SubscriptionList } from '../schemas/subscriptions.ts'
import { deliveryView, subscriptionView } from '../webhook-views.ts'

const TAGS = ['webhooks']
const keyOf = (request: FastifyRequest): string => request.caller.keyId as string

/** A key holder's webhook subscriptions (issue 12 §4): made, listed, read, enabled again and deleted by that key alone. */
const subscriptionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { subscriptions, settings } = app.webhooks

  app.post('/api/v1/subscriptions', {
    onRequest: requireKey,
    schema: {
      tags: TAGS,
      summary: 'Subscribe a URL to catalog events',
      description: 'Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) with the `secret` of this answer, which is shown only here. The URL must be https and resolve to public addresses only. Conditionally open datasets (grade 3) are delivered only while the key holds a grant for them.',
      body: SubscriptionBody,
      response: { 201: CreatedSubscription, ...problemResponses(400, 401, 409, 429) },
    },
  }, async (request, reply) => {
    const { subscription, secret } = await asProblem(() => subscribe(subscriptions, app.store, request.body, {
      keyId: keyOf(request), baseUrl: `${request.protocol}://${request.host}`, allowPrivate: settings.allowPrivate,
    }))
    reply.code(201)
    return { ...subscriptionView(subscription), secret }
  })

  app.get('/api/v1/subscriptions', {
    onRequest: requireKey,
    schema: { tags: TAGS, summary: 'The calling key\'s subscriptions, oldest first', response: { 200: SubscriptionList, ...problemResponses(401, 429) } },
  }, async (request) => ({ items: (await subscriptions.listSubscriptions({ keyId: keyOf(request) })).map(subscriptionView) }))

  app.get('/api/v1/subscriptions/:id', {
    onRequest: requireKey,
    schema: { tags: TAGS, summary: 'One of the calling key\'s subscriptions', params: SubscriptionIdParams, response: { 200: Subscription, ...problemResponses(400, 401, 404, 429) } },
  }, async (request) => subscriptionView(await asProblem(() => ownSubscription(subscriptions, request.params.id, keyOf(request)))))

  app.delete('/api/v1/subscriptions/:id', {
    onRequest: requireKey,
    schema: { tags: TAGS, summary: 'Delete a subscription with its pending deliveries and its delivery log', params: SubscriptionIdParams, response: { 204: { type: 'null' }, ...problemResponses(400, 401, 404, 429) } },
  }, async (request, reply) => {
    await asProblem(() => unsubscribe(subscriptions, request.params.id, keyOf(request)))
    return reply.code(204).send()
  })

  app.post('/api/v1/subscriptions/:id/enable', {
    onRequest: requireKey,
    schema: {
      tags: TAGS,
      summary: 'Enable a subscription that was disabled after persistent failure',
      description: 'Its pending deliveries are attempted again at once and later events are delivered again; deliveries it gave up stay given up.',
      params: SubscriptionIdParams,
      response: { 200: Subscription, ...problemResponses(400, 401, 404, 429) },
    },
  }, async (request) => subscriptionView(await asProblem(() => enable(subscriptions, request.params.id, keyOf(request)))))

  app.get('/api/v1/subscriptions/:id/deliveries', {
    onRequest: requireKey,
    schema: {
      tags: TAGS,
      summary: 'The delivery log of a subscription, newest first: each delivery with its attempts (status or error, latency)',
      description: 'Finished deliveries are kept for 30 days.',
      params: SubscriptionIdParams,
      querystring: DeliveryQuery,
      response: { 200: DeliveryPage, ...problemResponses(400, 401, 404, 429) },
    },
  }, async (request) => {
    const subscription = await asProblem(() => ownSubscription(subscriptions, request.params.id, keyOf(request)))
    const limit = request.query.limit ?? 20
    const page = await subscriptions.listDeliveries(subscription.id, { limit, ...(request.query.before ? { beforeId: request.query.before } : {}) })
    const attempts = await subscriptions.listAttempts(page.map((d) => d.id))
    return { items: page.map((d) => deliveryView(d, attempts)), next: page.length === limit ? (page.at(-1)?.id ?? null) : null }
  })
}

export default subscriptionRoutes
