import { feedPath, type FeedScope } from '../../server/feeds/feed-scope.ts'
import type { PageContext } from '../context.ts'
import type { Bilingual } from '../i18n/lang.ts'
import { fill, themeName } from '../search-labels.ts'

const TEXT = {
  catalog: { zh: '订阅全部数据集的更新', en: 'Subscribe to updates of all datasets' },
  theme: { zh: '订阅“{name}”主题的更新', en: 'Subscribe to updates in {name}' },
  provider: { zh: '订阅“{name}”的数据集更新', en: 'Subscribe to updates from {name}' },
  dataset: { zh: '订阅“{name}”的更新', en: 'Subscribe to updates of {name}' },
  hint: {
    zh: '这是 Atom 订阅源：把链接地址添加到 RSS/Atom 阅读器，发布新版本、字段变更或数据集关闭时即可收到通知。',
    en: 'This is an Atom feed: add the link to a feed reader (RSS/Atom) to hear of new versions, changed fields and closed datasets.',
  },
} as const satisfies Record<string, Bilingual>

/** A feed as a page offers it: its path, and what it follows in the page language (the link's text and its title in <head>). */
export interface FeedLink {
  href: string
  title: string
}

function subscribeText(ctx: PageContext, scope: FeedScope, datasetTitle: string): string {
  switch (scope.kind) {
    case 'catalog': return ctx.t(TEXT.catalog)
    case 'theme': return fill(ctx.t(TEXT.theme), { name: themeName(ctx, scope.theme) })
    case 'provider': return fill(ctx.t(TEXT.provider), { name: scope.provider })
    case 'dataset': return fill(ctx.t(TEXT.dataset), { name: datasetTitle })
  }
}

/** `datasetTitle`: the title in the page language, for a dataset's feed. */
export function feedLink(ctx: PageContext, scope: FeedScope, datasetTitle = ''): FeedLink {
  return { href: feedPath(scope), title: subscribeText(ctx, scope, datasetTitle) }
}

/** The subscribe control: a link to each feed the page offers, and what a feed is for. */
export function Subscribe({ ctx, feeds }: { ctx: PageContext; feeds: readonly FeedLink[] }) {
  if (feeds.length === 0) return null
  return (
    <div class="subscribe" id="subscribe">
      <ul class="subscribe-links">
        {feeds.map((feed) => (
          <li><a class="button secondary subscribe-link" href={feed.href} type="application/atom+xml" aria-describedby="subscribe-hint">{feed.title}</a></li>
        ))}
      </ul>
      <p id="subscribe-hint" class="muted small">{ctx.t(TEXT.hint)}</p>
    </div>
  )
}
