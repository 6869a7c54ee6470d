import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ACCESS_ERROR_STATUS, AccessError } from '../../access/errors.ts'
import { authenticate } from '../../access/authenticate.ts'
import { parseKey } from '../../access/keys.ts'
import { exceededDetail } from '../../access/rate-limit-headers.ts'
import type { DeliveryRecord } from '../../store/subscription-types.ts'
import { enable, subscribe, unsubscribe } from '../../webhooks/subscriptions.ts'
import { AccountPage } from '../pages/account.tsx'
import type { WebhookResult } from '../pages/account-webhooks.tsx'
import type { PortalRouteOptions } from '../plugin.ts'
import { sendPage } from '../send-page.ts'
import { PageQuery } from './home.ts'

/** Latest deliveries shown per subscription; the API's delivery log has them all. */
const RECENT_DELIVERIES = 5
const ACTIONS = ['list', 'create', 'delete', 'enable'] as const
type Action = (typeof ACTIONS)[number]

const commaList = (value: string | null): string[] => (value ?? '').split(/[,，、]/).map((v) => v.trim()).filter(Boolean)

/**
 * POST /account/webhooks: the account page's webhook forms, which work without JavaScript. The key comes in
 * the form's body (the page never puts it in a URL or a cookie, and echoes it nowhere), is checked as the API
 * checks it, failed attempts counted against the same limit; the answer is the account page with the key's
 * subscriptions, never stored by any cache. The checks are the API's own (webhooks/subscriptions.ts).
 */
const accountWebhookRoutes: FastifyPluginAsyncTypebox<PortalRouteOptions> = async (app, options) => {
  // this plugin's own context: the rest of the portal and the API take no form bodies
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => done(null, new URLSearchParams(body as string)))
  const { subscriptions, settings, access } = app.webhooks

  async function run(request: FastifyRequest, keyId: string, action: Action, form: URLSearchParams): Promise<WebhookResult['done']> {
    const id = form.get('id') ?? ''
    switch (action) {
      case 'list':
        return { kind: 'listed' }
      case 'delete':
        await unsubscribe(subscriptions, id, keyId)
        return { kind: 'deleted' }
      case 'enable':
        await enable(subscriptions, id, keyId)
        return { kind: 'enabled' }
      case 'create': {
        const { secret } = await subscribe(subscriptions, app.store, {
          url: form.get('url') ?? '', events: form.getAll('events'), datasets: commaList(form.get('datasets')), themes: commaList(form.get('themes')), providers: commaList(form.get('providers')),
        }, { keyId, baseUrl: `${request.protocol}://${request.host}`, allowPrivate: settings.allowPrivate })
        return { kind: 'created', secret }
      }
    }
  }

  async function listing(keyId: string): Promise<Omit<WebhookResult, 'done'>> {
    const own = await subscriptions.listSubscriptions({ keyId })
    const deliveries = new Map<string, DeliveryRecord[]>()
    for (const s of own) deliveries.set(s.id, await subscriptions.listDeliveries(s.id, { limit: RECENT_DELIVERIES }))
    const attempts = await subscriptions.listAttempts([...deliveries.values()].flat().map((d) => d.id))
    return { subscriptions: own, deliveries, attempts }
  }

  // the key's own subscriptions, a secret perhaps: for nobody else, kept by nobody
  const answer = (request: FastifyRequest, reply: FastifyReply, result: WebhookResult, status: number): FastifyReply => {
    const ctx = options.context(request)
    // the other language of the account page: this address answers posts only
    const switched = { ...ctx, switchLangHref: `/account?lang=${ctx.lang === 'zh' ? 'en' : 'zh'}` }
    return sendPage(reply.header('cache-control', 'no-store'), AccountPage({ ctx: switched, webhooks: { result } }), status, 'no-store')
  }

  app.post('/account/webhooks', { schema: { hide: true, querystring: PageQuery } }, async (request, reply) => {
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams()
    const empty = { subscriptions: [], deliveries: new Map(), attempts: [] }
    const token = (form.get('key') ?? '').trim()
    const keyId = parseKey(token)?.id
    const attempt = { ip: request.ip, ...(keyId ? { keyId } : {}) }
    const blocked = await app.rateLimits.authBlocked(attempt)
    if (blocked) return answer(request, reply, { ...empty, refusal: exceededDetail(blocked) }, 429)
    const caller = await authenticate(access, token)
    if (!caller?.keyId) {
      const outcome = await app.rateLimits.recordAuthFailure(attempt)
      const refusal = outcome.exceeded ? exceededDetail(outcome) : 'the API key is not valid: it is unknown, malformed, revoked or expired'
      return answer(request, reply, { ...empty, refusal }, outcome.exceeded ? 429 : 401)
    }
    const action = (ACTIONS as readonly string[]).includes(form.get('action') ?? '') ? (form.get('action') as Action) : 'list'
    try {
      const done = await run(request, caller.keyId, action, form)
      return answer(request, reply, { ...(await listing(caller.keyId)), done }, action === 'create' ? 201 : 200)
    } catch (error) {
      if (!(error instanceof AccessError)) throw error
      return answer(request, reply, { ...(await listing(caller.keyId)), refusal: error.message }, ACCESS_ERROR_STATUS[error.kind])
    }
  })
}

export default accountWebhookRoutes
