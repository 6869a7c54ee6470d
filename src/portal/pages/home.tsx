import { GRADES, OPEN_ATTRIBUTES } from '../../config/grades.ts'
import type { DatasetPage } from '../../store/types.ts'
import type { PageContext } from '../context.ts'
import { GRADE_TEXT, OPEN_TEXT } from '../i18n/common.ts'
import { localized, type Bilingual } from '../i18n/lang.ts'
import { fill, formatCount } from '../search-labels.ts'
import { DatasetCard } from '../views/dataset-card.tsx'
import { Layout } from '../views/layout.tsx'
import { SearchForm, type HiddenFields } from '../views/search-form.tsx'
import { feedLink, Subscribe } from '../views/subscribe.tsx'

const TEXT = {
  title: { zh: '公共数据开放平台', en: 'Open government data' },
  lead: {
    zh: '一站式查找、了解、预览和下载政府部门开放的公共数据，也可以通过 API 直接调用。',
    en: 'Find, understand, preview and download the public data government bodies open, in one place, or use it straight from the API.',
  },
  total: { zh: '平台现有 {n} 个数据集。', en: 'The platform holds {n} datasets.' },
  totalOne: { zh: '平台现有 1 个数据集。', en: 'The platform holds 1 dataset.' },
  browseAll: { zh: '浏览全部数据集', en: 'Browse all datasets' },
  themes: { zh: '主题分类', en: 'Themes' },
  themeCount: { zh: '{n} 个数据集', en: '{n} datasets' },
  recent: { zh: '最近更新', en: 'Recently updated' },
  recentNone: { zh: '还没有数据集。', en: 'There are no datasets yet.' },
  grades: { zh: '数据分级与开放属性', en: 'Grades and open attributes' },
  gradesLead: {
    zh: '每个数据集都按公开后可能造成的危害分为四级，并标明开放属性。分级决定谁可以读取数据：',
    en: 'Every dataset has one of four grades, by the harm its disclosure could do, and an open attribute. The grade decides who may read the data:',
  },
  openHeading: { zh: '开放属性', en: 'Open attributes' },
  openLead: {
    zh: '开放属性说明获取数据的方式：',
    en: 'The open attribute says how the data can be obtained:',
  },
  catalogueAlways: {
    zh: '无论分级如何，所有数据集的目录信息（标题、说明、字段）都是公开的。',
    en: 'Whatever the grade, the catalogue entry of every dataset (title, description, fields) is public.',
  },
  developers: { zh: '开发者与数据汇聚', en: 'For developers and aggregators' },
  apiDocs: { zh: 'API 文档（可在线试用）', en: 'API documentation (try it in the browser)' },
  openapi: { zh: 'OpenAPI 接口描述', en: 'OpenAPI description' },
  dcat: { zh: '数据目录 DCAT（JSON-LD），供其他平台汇聚', en: 'Catalogue as DCAT (JSON-LD), for harvesting' },
  dataJson: { zh: '数据目录 data.json（DCAT-US）', en: 'Catalogue as data.json (DCAT-US)' },
} as const satisfies Record<string, Bilingual>

export interface HomePageProps {
  ctx: PageContext
  /** The recently updated datasets, with the facet counts of the whole catalog. */
  overview: DatasetPage
  langField: HiddenFields
}

/** Home: the search box, themes with counts, what grades and open attributes mean, recent datasets, the machine-readable ways in. */
export function HomePage({ ctx, overview, langField }: HomePageProps) {
  const counts = new Map(overview.facets.theme.map((f) => [String(f.value), f.count]))
  const total = formatCount(ctx, overview.total)
  const feeds = [feedLink(ctx, { kind: 'catalog' })]
  return (
    <Layout ctx={ctx} title={ctx.t(TEXT.title)} section="home" feeds={feeds}>
      <h1>{ctx.t(TEXT.title)}</h1>
      <p class="lead">{ctx.t(TEXT.lead)}</p>
      <SearchForm ctx={ctx} hidden={langField} />
      <p id="dataset-total">
        {overview.total === 1 ? ctx.t(TEXT.totalOne) : fill(ctx.t(TEXT.total), { n: total })}{' '}
        <a href={ctx.link('/datasets')}>{ctx.t(TEXT.browseAll)}</a>
      </p>

      <nav id="themes" aria-labelledby="themes-heading">
        <h2 id="themes-heading">{ctx.t(TEXT.themes)}</h2>
        <ul>
          {ctx.themes.map((theme) => {
            const n = formatCount(ctx, counts.get(theme.name) ?? 0)
            return (
              <li>
                <a href={ctx.link('/datasets', { theme: theme.name })} data-theme={theme.name}>
                  <span class="theme-name">{localized(ctx.lang, theme.name, theme.name_en)}</span>
                  <span class="count"><span aria-hidden="true">{n}</span><span class="visually-hidden">{fill(ctx.t(TEXT.themeCount), { n })}</span></span>
                </a>
              </li>
            )
          })}
        </ul>
      </nav>

      <section id="recent" aria-labelledby="recent-heading">
        <h2 id="recent-heading">{ctx.t(TEXT.recent)}</h2>
        {overview.items.length === 0 ? <p>{ctx.t(TEXT.recentNone)}</p> : (
          <ol class="card-list">
            {overview.items.map((dataset) => <DatasetCard ctx={ctx} dataset={dataset} level={3} />)}
          </ol>
        )}
        <p><a href={ctx.link('/datasets', { sort: 'updated' })}>{ctx.t(TEXT.browseAll)}</a></p>
        <Subscribe ctx={ctx} feeds={feeds} />
      </section>

      <section id="grades" aria-labelledby="grades-heading">
        <h2 id="grades-heading">{ctx.t(TEXT.grades)}</h2>
        <p>{ctx.t(TEXT.gradesLead)}</p>
        <dl class="grades">
          {GRADES.map((grade) => (
            <>
              <dt><span class={`badge badge-grade-${grade}`}>{ctx.t(GRADE_TEXT[grade].label)}</span></dt>
              <dd>{ctx.t(GRADE_TEXT[grade].meaning)}{ctx.lang === 'zh' ? '。' : '. '}{ctx.t(GRADE_TEXT[grade].access)}</dd>
            </>
          ))}
        </dl>
        <h3>{ctx.t(TEXT.openHeading)}</h3>
        <p>{ctx.t(TEXT.openLead)}</p>
        <dl class="grades">
          {OPEN_ATTRIBUTES.map((open) => (
            <>
              <dt><span class={`badge badge-open-${open}`}>{ctx.t(OPEN_TEXT[open].label)}</span></dt>
              <dd>{ctx.t(OPEN_TEXT[open].meaning)}</dd>
            </>
          ))}
        </dl>
        <p class="muted">{ctx.t(TEXT.catalogueAlways)}</p>
      </section>

      <section id="developers" aria-labelledby="developers-heading">
        <h2 id="developers-heading">{ctx.t(TEXT.developers)}</h2>
        <ul>
          <li><a href="/docs">{ctx.t(TEXT.apiDocs)}</a></li>
          <li><a href="/openapi.json">{ctx.t(TEXT.openapi)}</a></li>
          <li><a href="/api/v1/catalog.jsonld">{ctx.t(TEXT.dcat)}</a></li>
          <li><a href="/data.json">{ctx.t(TEXT.dataJson)}</a></li>
        </ul>
      </section>
    </Layout>
  )
}
