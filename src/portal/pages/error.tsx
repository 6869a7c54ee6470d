import type { PageContext } from '../context.ts'
import { SITE } from '../i18n/common.ts'
import type { Bilingual } from '../i18n/lang.ts'
import { Layout } from '../views/layout.tsx'
import { SearchForm } from '../views/search-form.tsx'

const TEXT = {
  404: { zh: '页面不存在', en: 'Page not found' },
  500: { zh: '服务器出错了', en: 'Something went wrong' },
  other: { zh: '无法显示此页面', en: 'This page cannot be shown' },
  hint404: { zh: '网址可能有误，或者该数据集已下线。可以搜索数据目录：', en: 'The address may be mistyped, or the dataset withdrawn. Search the catalogue:' },
  hint500: { zh: '请稍后再试；问题已记录。', en: 'Please try again later; the problem has been logged.' },
  detail: { zh: '详细信息', en: 'Details' },
  back: { zh: '返回数据目录', en: 'Back to the datasets' },
} as const satisfies Record<string, Bilingual>

/** The browser's version of a problem: the status, the (already client-safe) detail, a way on. */
export function ErrorPage({ ctx, status, detail }: { ctx: PageContext; status: number; detail: string }) {
  const { t } = ctx
  const heading = t(status === 404 ? TEXT[404] : status >= 500 ? TEXT[500] : TEXT.other)
  const langField = ctx.url.includes('lang=') ? { lang: ctx.lang } : undefined
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <div class="notice notice-warn error-notice">
        <p class="error-status">HTTP {status}</p>
        <p><span class="visually-hidden">{t(TEXT.detail)}: </span>{detail}</p>
      </div>
      {status === 404 ? <p>{t(TEXT.hint404)}</p> : status >= 500 ? <p>{t(TEXT.hint500)}</p> : null}
      {status < 500 ? <SearchForm ctx={ctx} {...(langField ? { hidden: langField } : {})} /> : null}
      <ul class="error-links">
        <li><a href={ctx.link('/datasets')}>{t(TEXT.back)}</a></li>
        <li><a href={ctx.link('/')}>{t(SITE.home)}</a></li>
      </ul>
    </Layout>
  )
}
