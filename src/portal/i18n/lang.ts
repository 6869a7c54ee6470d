/** zh-CN first; English from the catalog's *_en fields where a steward wrote them. */
export const LANGS = ['zh', 'en'] as const
export type Lang = (typeof LANGS)[number]

/** The value of <html lang>. */
export const HTML_LANG: Readonly<Record<Lang, string>> = { zh: 'zh-CN', en: 'en' }

/**
 * The page language: an explicit `?lang=` wins (it is what the switch links set, and it makes the
 * page a shareable URL), then the browser's Accept-Language by its q-values, then Chinese.
 */
export function resolveLang(queryLang: unknown, acceptLanguage: string | undefined): Lang {
  if (queryLang === 'en' || queryLang === 'zh') return queryLang
  if (!acceptLanguage) return 'zh'
  let best: { lang: Lang; q: number } | undefined
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';')
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    if (!Number.isFinite(q) || q <= 0) continue
    const lang: Lang | undefined = tag === 'zh' || tag.startsWith('zh-') ? 'zh' : tag === 'en' || tag.startsWith('en-') ? 'en' : undefined
    if (lang && (!best || q > best.q)) best = { lang, q }
  }
  return best?.lang ?? 'zh'
}

/** A text in both languages; pages keep their own tables of these beside the markup that uses them. */
export type Bilingual = Readonly<Record<Lang, string>>

/** The English text where one exists, else the Chinese: for catalog values such as title / title_en. */
export function localized(lang: Lang, zh: string, en: string | undefined): string {
  return lang === 'en' && en ? en : zh
}
