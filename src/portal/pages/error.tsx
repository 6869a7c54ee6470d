import type { PageContext } from '../context.ts'
import type { Bilingual } from '../i18n/lang.ts'
import { Layout } from '../views/layout.tsx'

const TEXT = {
  404: { zh: '页面不存在', en: 'Page not found' },
  500: { zh: '服务器出错了', en: 'Something went wrong' },
  other: { zh: '无法显示此页面', en: 'This page cannot be shown' },
  back: { zh: '返回数据目录', en: 'Back to the datasets' },
} as const satisfies Record<string, Bilingual>

/** The browser's version of a problem: the status, the (already client-safe) detail, a way back. */
export function ErrorPage({ ctx, status, detail }: { ctx: PageContext; status: number; detail: string }) {
  const heading = ctx.t(status === 404 ? TEXT[404] : status >= 500 ? TEXT[500] : TEXT.other)
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <p class="error-status">HTTP {status}</p>
      <p>{detail}</p>
      <p><a href={ctx.link('/datasets')}>{ctx.t(TEXT.back)}</a></p>
    </Layout>
  )
}
