import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HttpProblem } from '../../server/problem.ts'
import type { PortalRouteOptions } from '../plugin.ts'
import { SearchPage } from '../pages/search.tsx'
import { activeFilters, PER_PAGE, SearchPageQuery, searchState, storeSearch } from '../search-query.ts'
import { sendPage } from '../send-page.ts'
import type { FacetGroups } from '../views/facets.tsx'

/** `lang` as a GET form field when the visitor chose it, so that a submitted form keeps the language as links do. */
export function langField(query: { lang?: string | undefined }): Record<string, string> {
  return query.lang === 'en' || query.lang === 'zh' ? { lang: query.lang } : {}
}

/** GET /datasets: search results with facets, every state a URL. */
const searchRoutes: FastifyPluginAsyncTypebox<PortalRouteOptions> = async (app, options) => {
  app.get('/datasets', { schema: { hide: true, querystring: SearchPageQuery } }, async (request, reply) => {
    const ctx = options.context(request)
    const state = searchState(request.query)
    const result = await app.store.listDatasets(storeSearch(state))
    const pages = Math.max(1, Math.ceil(result.total / PER_PAGE))
    if (state.page > pages) throw new HttpProblem(404, `there is no page ${state.page}: this search has ${pages} page${pages === 1 ? '' : 's'}`)
    // a chosen group counts its values without its own filter, so that its other values can be chosen instead
    const groups: Record<keyof FacetGroups, FacetGroups[keyof FacetGroups]> = { ...result.facets }
    await Promise.all(activeFilters(state).map(async (name) => {
      const others = await app.store.listDatasets(storeSearch(state, { without: name, page: 1, perPage: 1 }))
      groups[name] = others.facets[name]
    }))
    const details = new Map<string, { description?: string; updateFrequency?: string }>()
    for (const item of result.items) {
      const entry = (await app.store.getDataset(item.id))?.entry
      details.set(item.id, {
        ...(entry?.description ? { description: entry.description } : {}),
        ...(entry?.update_frequency ? { updateFrequency: entry.update_frequency } : {}),
      })
    }
    return sendPage(reply, SearchPage({ ctx, state, result, groups, details, pages, langField: langField(request.query) }))
  })
}

export default searchRoutes
