import type { ComponentChildren } from 'preact'
import type { PageContext } from '../context.ts'
import { SITE } from '../i18n/common.ts'
import { HTML_LANG } from '../i18n/lang.ts'
import type { FeedLink } from './subscribe.tsx'

export interface LayoutProps {
  ctx: PageContext
  /** The page's own title; the site name follows it. */
  title: string
  /** Module scripts of this page (logical names of scripts/build-assets.ts); portal.js when none are given. */
  scripts?: readonly string[]
  /** Which navigation entry is the current page. */
  section?: 'home' | 'datasets' | 'account'
  /** Feeds of what the page shows, announced in <head> for browsers and feed readers to discover. */
  feeds?: readonly FeedLink[]
  children: ComponentChildren
}

/** The frame of every portal page: skip link, header with navigation and language switch, main, footer. */
export function Layout({ ctx, title, scripts = ['portal.js'], section, feeds = [], children }: LayoutProps) {
  const { t } = ctx
  const nav = [
    { key: 'home', href: ctx.link('/'), text: t(SITE.home) },
    { key: 'datasets', href: ctx.link('/datasets'), text: t(SITE.datasets) },
    { key: 'account', href: ctx.link('/account'), text: t(SITE.account) },
  ] as const
  return (
    <html lang={HTML_LANG[ctx.lang]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t(SITE.short)}`}</title>
        {/* no favicon request (and no 404 for it in the console): an empty icon, allowed by img-src data: */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={ctx.asset('portal.css')} />
        {feeds.map((feed) => <link rel="alternate" type="application/atom+xml" title={feed.title} href={feed.href} />)}
        {scripts.map((name) => <script type="module" src={ctx.asset(name)} />)}
      </head>
      <body>
        <a class="skip-link" href="#main">{t(SITE.skip)}</a>
        <header class="site-header">
          <div class="wrap">
          <a class="site-name" href={ctx.link('/')}>{t(SITE.name)}</a>
          <nav aria-label={t(SITE.mainNav)}>
            <ul>
              {nav.map((item) => (
                <li><a href={item.href} aria-current={section === item.key ? 'page' : undefined}>{item.text}</a></li>
              ))}
              <li><a href="/docs">{t(SITE.apiDocs)}</a></li>
              <li>
                <a href={ctx.switchLangHref} hreflang={ctx.lang === 'zh' ? 'en' : 'zh-CN'} lang={ctx.lang === 'zh' ? 'en' : 'zh-CN'} aria-label={t(SITE.switchLangLabel)}>
                  {t(SITE.switchLang)}
                </a>
              </li>
            </ul>
          </nav>
          </div>
        </header>
        <main id="main" tabindex={-1}>{children}</main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t(SITE.footer)}</p>
            <p>
              <a href="/docs">{t(SITE.apiDocs)}</a> · <a href="/openapi.json">OpenAPI</a> · <a href="/api/v1/catalog.jsonld">DCAT (JSON-LD)</a> · <a href="/data.json">data.json</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  )
}
