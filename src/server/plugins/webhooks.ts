import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { WebhookSettings } from '../../config/webhooks.ts'
import type { AccessStore } from '../../store/access-types.ts'
import type { SubscriptionStore } from '../../store/subscription-types.ts'
import { WebhookEngine } from '../../webhooks/engine.ts'

export interface WebhookOptions {
  subscriptions: SubscriptionStore
  settings: WebhookSettings
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The subscription store, the delivery settings and the keys, for the subscription routes and the account page. */
    webhooks: WebhookOptions & { access: AccessStore }
  }
}

/**
 * Runs the delivery engine (webhooks/engine.ts) in the background of this server from the moment it is ready
 * until it closes; every server of a deployment runs one, and the store shares the work out. Nothing here is
 * on a request's path. The caller owns the subscription store's lifetime, as it owns the others.
 */
export default fp(
  async function webhooksPlugin(app: FastifyInstance, options: WebhookOptions & { access: AccessStore }) {
    const { subscriptions, settings, access } = options
    app.decorate('webhooks', { subscriptions, settings, access })
    const engine = new WebhookEngine({ subscriptions, store: app.store, access, settings, log: app.log.child({ component: 'webhooks' }) })
    app.addHook('onReady', async () => engine.start())
    app.addHook('onClose', async () => engine.stop())
  },
  { name: 'webhooks', dependencies: ['store'] },
)
