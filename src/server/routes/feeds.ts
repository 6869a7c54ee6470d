import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Theme } from '../../catalog/schema.ts'
import { ATOM_MEDIA_TYPE, atomDocument } from '../../serialise/atom.ts'
import type { CatalogEvent } from '../../store/change-types.ts'
import type { DatasetStore } from '../../store/types.ts'
import { FEED_CACHE_CONTROL } from '../cache-policy.ts'
import { evaluateConditions } from '../download/conditions.ts'
import { catalogFeed, FEED_ENTRIES, feedValidators, type FeedSubject } from '../feeds/catalog-feed.ts'
import { eventFilter, FEED_ROUTES, type FeedScope } from '../feeds/feed-scope.ts'
import { requestOrigin } from '../origin.ts'
import { HttpProblem } from '../problem.ts'
import { DatasetIdParams } from '../schemas/common.ts'
import { NoQuery } from '../schemas/downloads.ts'
import { feedResponses, ProviderFeedParams, ThemeFeedParams } from '../schemas/feeds.ts'

/**
 * Atom feeds of the catalog's events (SPEC §9, issue 12 part 3): the whole catalog, a theme, a provider,
 * a dataset. Public metadata, like the catalog itself (closed datasets included), and never a row value:
 * entries say what happened, with counts and field names. Readers poll, so every feed has a strong ETag
 * and Last-Modified and answers a matching If-None-Match / If-Modified-Since with 304.
 */
export interface FeedRouteOptions {
  /** The theme taxonomy: each of its themes has a feed, empty until its first event. */
  themes: readonly Theme[]
  /** Whether the portal is served: entries and feeds then link to its pages. */
  portal: boolean
}

/**
 * Who the feed is about, or a 404. A feed exists for what has events, and for what the catalog knows
 * without any yet (a theme of the taxonomy; a dataset or provider whose entries predate the event log);
 * a removed dataset keeps its feed, whose newest entry says it was removed.
 */
async function subjectOf(store: DatasetStore, themes: readonly Theme[], scope: FeedScope, newest: CatalogEvent | undefined): Promise<FeedSubject> {
  switch (scope.kind) {
    case 'catalog': return { scope, label: 'the whole catalog' }
    case 'theme': {
      const theme = themes.find((th) => th.name === scope.theme)
      if (!theme && !newest) throw new HttpProblem(404, `no theme ${scope.theme}: the themes are those of the catalog's taxonomy (_themes.yaml)`)
      return { scope, label: theme ? `${theme.name} (${theme.name_en})` : scope.theme }
    }
    case 'provider': {
      if (!newest && (await store.listDatasets({ provider: scope.provider, sort: 'id', page: 1, perPage: 1 })).total === 0) {
        throw new HttpProblem(404, `no provider ${scope.provider} in the catalog`)
      }
      return { scope, label: scope.provider }
    }
    case 'dataset': {
      const dataset = await store.getDataset(scope.datasetId)
      const title = dataset?.entry.title ?? newest?.title
      if (title === undefined) throw new HttpProblem(404, `no dataset ${scope.datasetId}`)
      return { scope, label: `${title} (${scope.datasetId})` }
    }
  }
}

const feedRoutes: FastifyPluginAsyncTypebox<FeedRouteOptions> = async (app, options) => {
  async function serveFeed(request: FastifyRequest, reply: FastifyReply, scope: FeedScope): Promise<string | FastifyReply> {
    const events = await app.store.listEvents({ ...eventFilter(scope), limit: FEED_ENTRIES, order: 'newest-first' })
    const subject = await subjectOf(app.store, options.themes, scope, events[0])
    const feed = catalogFeed(subject, events, { origin: requestOrigin(request), host: request.host, portal: options.portal })
    const validators = feedValidators(feed, events[0])
    reply.header('etag', validators.etag)
    reply.header('last-modified', validators.lastModified.toUTCString())
    reply.header('cache-control', FEED_CACHE_CONTROL)
    const outcome = evaluateConditions(request.headers, validators)
    if (outcome === 'not-modified') return reply.code(304).send()
    if (outcome === 'precondition-failed') throw new HttpProblem(412, 'the feed no longer matches If-Match / If-Unmodified-Since')
    reply.type(`${ATOM_MEDIA_TYPE}; charset=utf-8`)
    return atomDocument(feed)
  }

  // only the catalog's feed is always there
  const schema = (summary: string, ...problems: number[]) => ({ tags: ['feeds'], summary, querystring: NoQuery, response: feedResponses(400, ...problems, 412) })

  app.get(FEED_ROUTES.catalog, { schema: schema('Atom feed of the whole catalog') }, async (request, reply) =>
    serveFeed(request, reply, { kind: 'catalog' }))

  app.get(FEED_ROUTES.theme, { schema: { ...schema('Atom feed of one theme', 404), params: ThemeFeedParams } }, async (request, reply) =>
    serveFeed(request, reply, { kind: 'theme', theme: request.params.theme }))

  app.get(FEED_ROUTES.provider, { schema: { ...schema('Atom feed of one provider\'s datasets', 404), params: ProviderFeedParams } }, async (request, reply) =>
    serveFeed(request, reply, { kind: 'provider', provider: request.params.name }))

  app.get(FEED_ROUTES.dataset, { schema: { ...schema('Atom feed of one dataset', 404), params: DatasetIdParams } }, async (request, reply) =>
    serveFeed(request, reply, { kind: 'dataset', datasetId: request.params.id }))
}

export default feedRoutes
