import type { FastifyRequest } from 'fastify'
import type { Theme } from '../catalog/schema.ts'
import { resolveLang, type Bilingual, type Lang } from './i18n/lang.ts'
import type { AssetManifest } from './assets.ts'

/** Query values as a page link carries them: repeated names are arrays, absent ones undefined. */
export type LinkParams = Readonly<Record<string, string | number | readonly (string | number)[] | undefined>>

/** What every page and view needs to know about the request it answers; built once per request. */
export interface PageContext {
  lang: Lang
  /** Text in the page language. */
  t(text: Bilingual): string
  /** A portal URL; keeps `lang` when the visitor chose it with the switch, so the choice follows them. */
  link(path: string, params?: LinkParams): string
  /** The same page in the other language (the switch). */
  switchLangHref: string
  /** The hashed URL of a built asset (scripts/build-assets.ts), e.g. asset('portal.css'). */
  asset(name: string): string
  /** This server's origin as the browser reached it, for copyable API snippets. */
  origin: string
  /** The path and query of this request. */
  url: string
  themes: readonly Theme[]
}

export function buildLink(path: string, params: LinkParams | undefined, lang: Lang | undefined): string {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === '') continue
    for (const v of Array.isArray(value) ? value : [value]) search.append(name, String(v))
  }
  if (lang) search.set('lang', lang)
  const query = search.toString()
  return query ? `${path}?${query}` : path
}

export function pageContext(request: FastifyRequest, manifest: AssetManifest, themes: readonly Theme[]): PageContext {
  const query = (request.query ?? {}) as Record<string, unknown>
  const chosen = query.lang === 'en' || query.lang === 'zh' ? query.lang : undefined
  const lang = resolveLang(chosen, request.headers['accept-language'])
  const [path = '/', search = ''] = request.url.split('?', 2)
  const switched = new URLSearchParams(search)
  switched.set('lang', lang === 'zh' ? 'en' : 'zh')
  const host = request.headers.host ?? 'localhost'
  return {
    lang,
    t: (text) => text[lang],
    link: (to, params) => buildLink(to, params, chosen),
    switchLangHref: `${path}?${switched}`,
    asset: (name) => manifest.url(name),
    origin: `${request.protocol}://${host}`,
    url: request.url,
    themes,
  }
}
