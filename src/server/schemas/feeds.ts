import { Type } from '@sinclair/typebox'
import { ATOM_MEDIA_TYPE } from '../../serialise/atom.ts'
import { problemResponses } from './common.ts'
import { FEED_ENTRIES } from '../feeds/catalog-feed.ts'

export const ThemeFeedParams = Type.Object({ theme: Type.String({ minLength: 1, maxLength: 200, description: 'a theme of the catalog\'s taxonomy (catalog/_themes.yaml), e.g. 生态环境' }) })

export const ProviderFeedParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200, description: 'a provider\'s name as the catalog writes it, e.g. 北京市生态环境局' }) })

/** A feed (200), not modified (304), and the problems this feed can meet. */
export const feedResponses = (...problems: number[]) => ({
  200: {
    description: `Atom 1.0 (RFC 4287): the newest ${FEED_ENTRIES} events, newest first (new datasets, published versions with their change summary, schema changes, closed datasets); strong ETag and Last-Modified`,
    content: { [ATOM_MEDIA_TYPE]: { schema: Type.String() } },
  },
  304: { description: 'If-None-Match or If-Modified-Since matched: nothing happened since', type: 'null' },
  ...problemResponses(...problems),
})
