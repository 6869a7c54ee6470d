import type { DatasetPage } from '../../store/types.ts'
import type { PageContext } from '../context.ts'
import type { Bilingual } from '../i18n/lang.ts'
import { Layout } from '../views/layout.tsx'

const TEXT = {
  title: { zh: '公共数据开放平台', en: 'Open government data' },
} as const satisfies Record<string, Bilingual>

export function HomePage({ ctx, overview }: { ctx: PageContext; overview: DatasetPage }) {
  return (
    <Layout ctx={ctx} title={ctx.t(TEXT.title)} section="home">
      <h1>{ctx.t(TEXT.title)}</h1>
      <p>{overview.total}</p>
    </Layout>
  )
}
