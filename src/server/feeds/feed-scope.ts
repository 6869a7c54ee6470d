import type { EventQuery } from '../../store/change-types.ts'

/**
 * What a feed follows (issue 12 part 3): the whole catalog, one theme, one provider or one dataset. The
 * feed's URL, the portal page it belongs to and the event filter are derived here, once, for the feed
 * routes, the metadata links and the portal's subscribe controls alike.
 */
export type FeedScope =
  | { kind: 'catalog' }
  | { kind: 'theme'; theme: string }
  | { kind: 'provider'; provider: string }
  | { kind: 'dataset'; datasetId: string }

export const FEED_ROUTES = {
  catalog: '/feeds/catalog.atom',
  theme: '/feeds/themes/:theme.atom',
  provider: '/feeds/providers/:name.atom',
  dataset: '/feeds/datasets/:id.atom',
} as const satisfies Record<FeedScope['kind'], string>

/** The feed's path on this server (a theme or provider name is one path segment, percent-encoded). */
export function feedPath(scope: FeedScope): string {
  switch (scope.kind) {
    case 'catalog': return FEED_ROUTES.catalog
    case 'theme': return FEED_ROUTES.theme.replace(':theme', encodeURIComponent(scope.theme))
    case 'provider': return FEED_ROUTES.provider.replace(':name', encodeURIComponent(scope.provider))
    case 'dataset': return FEED_ROUTES.dataset.replace(':id', encodeURIComponent(scope.datasetId))
  }
}

/** The portal page showing what the feed follows: home, the search filtered by the theme or provider, the dataset page. */
export function portalPath(scope: FeedScope): string {
  switch (scope.kind) {
    case 'catalog': return '/'
    case 'theme': return `/datasets?${new URLSearchParams({ theme: scope.theme })}`
    case 'provider': return `/datasets?${new URLSearchParams({ provider: scope.provider })}`
    case 'dataset': return `/datasets/${encodeURIComponent(scope.datasetId)}`
  }
}

export function eventFilter(scope: FeedScope): Pick<EventQuery, 'theme' | 'provider' | 'datasetId'> {
  switch (scope.kind) {
    case 'catalog': return {}
    case 'theme': return { theme: scope.theme }
    case 'provider': return { provider: scope.provider }
    case 'dataset': return { datasetId: scope.datasetId }
  }
}
