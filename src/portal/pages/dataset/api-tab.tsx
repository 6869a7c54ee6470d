import { readAccess } from '../../../access/policy.ts'
import type { DatasetRecord } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'
import type { Bilingual } from '../../i18n/lang.ts'
import { apiSnippets, KEY_VARIABLE, metadataSnippet, type Snippet } from './snippets.ts'
import type { SnippetExample } from './version-files.ts'

export const API_TEXT = {
  heading: { zh: 'API 调用', en: 'API' },
  intro: { zh: '以下示例使用本服务器的真实地址，可直接复制运行。', en: 'These examples use this server\'s real addresses; copy and run them.' },
  base: { zh: '接口地址', en: 'Base address' },
  needsKey: {
    zh: '此数据集需要 API Key：示例从环境变量 {var} 读取，以 Authorization: Bearer 请求头发送。不要把 Key 写进代码、网址或共享的笔记本。',
    en: 'This dataset needs an API key: the examples read it from the environment variable {var} and send it as an Authorization: Bearer header. Never put a key in code, a URL or a shared notebook.',
  },
  closed: {
    zh: '本数据集不予开放，没有可通过 API 读取的数据；它的元数据仍可获取：',
    en: 'This dataset is closed: there is no data to read through the API. Its metadata is available:',
  },
  noVersion: { zh: '尚无已发布的版本，暂无行数据可查询；元数据：', en: 'No version is published yet, so there are no rows to query; the metadata:' },
  copy: { zh: '复制', en: 'Copy' },
  copyLabel: { zh: '复制代码：', en: 'Copy the code: ' },
  documents: { zh: '机器可读的描述', en: 'Machine-readable descriptions' },
  datapackage: { zh: 'Data Package 描述（datapackage.json）', en: 'Data Package descriptor (datapackage.json)' },
  dcat: { zh: '全部目录（DCAT，JSON-LD）', en: 'The whole catalogue (DCAT, JSON-LD)' },
  openapi: { zh: 'OpenAPI 文档（openapi.json）', en: 'OpenAPI document (openapi.json)' },
  docs: { zh: '交互式 API 文档', en: 'Interactive API documentation' },
  paging: {
    zh: '每页最多 10,000 行；响应里的 next 是下一页的 _cursor。筛选写作 字段=值 或 字段__gte=值 等，详见 API 文档。',
    en: 'Pages hold up to 10,000 rows; the response\'s next is the next page\'s _cursor. Filters are field=value or field__gte=value and so on; see the API documentation.',
  },
} as const satisfies Record<string, Bilingual>

function SnippetBlock({ ctx, snippet }: { ctx: PageContext; snippet: Snippet }) {
  const { t } = ctx
  const title = t(snippet.title)
  return (
    <div class="snippet">
      <h3 id={`${snippet.id}-title`}>{title}</h3>
      <pre><code id={snippet.id} class={`language-${snippet.language}`}>{snippet.code}</code></pre>
      <button type="button" class="copy js-only" data-copy={snippet.id} aria-label={`${t(API_TEXT.copyLabel)}${title}`}>{t(API_TEXT.copy)}</button>
    </div>
  )
}

export function ApiSection({ ctx, dataset, example }: { ctx: PageContext; dataset: DatasetRecord; example?: SnippetExample | undefined }) {
  const { t } = ctx
  const access = readAccess(dataset.entry)
  const needsKey = access === 'any-key' || access === 'granted-key'
  const readable = access !== 'nobody' && dataset.current !== undefined
  const snippets = readable ? apiSnippets({ origin: ctx.origin, id: dataset.id, needsKey, example, lang: ctx.lang }) : []
  const meta = metadataSnippet(ctx.origin, dataset.id)
  return (
    <section id="api" aria-labelledby="api-heading">
      <h2 id="api-heading">{t(API_TEXT.heading)}</h2>
      <p>{t(API_TEXT.intro)} {t(API_TEXT.base)}{ctx.lang === 'zh' ? '：' : ': '}<code>{`${ctx.origin}/api/v1`}</code></p>
      {readable && needsKey ? <p class="notice">{t(API_TEXT.needsKey).replace('{var}', KEY_VARIABLE)}</p> : null}
      {access === 'nobody' ? <p class="notice">{t(API_TEXT.closed)}</p> : null}
      {access !== 'nobody' && !dataset.current ? <p class="notice">{t(API_TEXT.noVersion)}</p> : null}
      {snippets.map((s) => <SnippetBlock ctx={ctx} snippet={s} />)}
      <SnippetBlock ctx={ctx} snippet={meta} />
      {readable ? <p class="muted">{t(API_TEXT.paging)}</p> : null}
      <p id="copy-status" class="visually-hidden" role="status" aria-live="polite"></p>
      <h3>{t(API_TEXT.documents)}</h3>
      <ul class="api-links">
        {dataset.current ? <li><a href={`/api/v1/datasets/${dataset.id}/datapackage.json`} data-link="datapackage">{t(API_TEXT.datapackage)}</a></li> : null}
        <li><a href="/api/v1/catalog.jsonld" data-link="dcat">{t(API_TEXT.dcat)}</a></li>
        <li><a href="/openapi.json" data-link="openapi">{t(API_TEXT.openapi)}</a></li>
        <li><a href="/docs" data-link="docs">{t(API_TEXT.docs)}</a></li>
      </ul>
    </section>
  )
}
