import type { DatasetRecord } from '../../../store/types.ts'
import type { PageContext } from '../../context.ts'
import { cellText, NULL_WORD, sortDirection, toggledSort, type ClientField } from '../../client/page-params.ts'
import type { PreviewField, PreviewModel } from '../../data/preview.ts'
import { withoutFilters, withParams, type PageLinks, type PreviewState } from '../../dataset-page-query.ts'
import { localized, type Bilingual } from '../../i18n/lang.ts'

const TEXT = {
  heading: { zh: '数据预览', en: 'Data preview' },
  closed: { zh: '该数据集不予开放，没有可预览的数据；上面的目录信息和字段说明是公开的。', en: 'This dataset is closed: there is no data to preview. Its catalogue entry and field dictionary above are public.' },
  noVersion: { zh: '该数据集尚未发布数据版本，暂无可预览的数据。', en: 'No version of this dataset has been published yet, so there is nothing to preview.' },
  keyNeeded: { zh: '预览需要 API Key。', en: 'The preview needs an API key.' },
  grantNeeded: { zh: '预览需要持有已获批准授权的 API Key（需获批准）。', en: 'The preview needs an API key holding an approved grant.' },
  keyHow: { zh: '在“我的账户”页面粘贴 API Key 后（仅保存在本浏览器标签页中），本页会用它在浏览器中加载预览。', en: 'Paste your API key on the account page (it is kept in this browser tab only) and this page loads the preview with it in your browser.' },
  accountLink: { zh: '前往“我的账户”保存 API Key', en: 'Save an API key on the account page' },
  applyLink: { zh: '申请使用', en: 'Apply for access' },
  needsScript: { zh: '用 API Key 加载预览需要启用 JavaScript；也可以按下方 API 说明直接调用接口。', en: 'Loading the preview with an API key needs JavaScript; you can also call the API directly as shown below.' },
  invalid: { zh: '预览参数有误，无法显示：', en: 'The preview cannot be shown because of its parameters:' },
  startOver: { zh: '从第一页重新开始（清除排序和筛选）', en: 'Start again from the first page (no sort or filters)' },
  busy: { zh: '服务器正忙，预览暂时无法加载，请稍后刷新页面。', en: 'The server is busy and could not load the preview; reload the page in a moment.' },
  slow: { zh: '这个预览查询超出了时间限制。请换用其他排序或筛选，或下载整个数据集。', en: 'This preview query ran out of time. Try another sort or filter, or download the dataset.' },
  retry: { zh: '重试', en: 'Try again' },
  filterLegend: { zh: '按索引字段筛选（完全匹配）', en: 'Filter on indexed fields (exact match)' },
  filterSubmit: { zh: '筛选', en: 'Filter' },
  filterClear: { zh: '清除筛选', en: 'Clear filters' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  any: { zh: '（不限）', en: '(any)' },
  empty: { zh: '没有符合筛选条件的行。', en: 'No rows match these filters.' },
  total: { zh: '共 {total} 行', en: '{total} rows' },
  matching: { zh: '符合筛选条件的共 {total} 行（数据集共 {all} 行）', en: '{total} rows match (of {all} in the dataset)' },
  shown: { zh: '本页显示 {count} 行', en: 'showing {count} on this page' },
  continued: { zh: '（接上一页）', en: '(continued from the previous page)' },
  caption: { zh: '数据预览（第 {version} 版）', en: 'Data preview (version {version})' },
  captionSort: { zh: '，按“{field}”{dir}排列', en: ', sorted by “{field}” {dir}' },
  captionFilter: { zh: '，筛选：{filters}', en: ', filtered: {filters}' },
  ascending: { zh: '升序', en: 'ascending' },
  descending: { zh: '降序', en: 'descending' },
  sortBy: { zh: '，点击按{dir}排列', en: ', select to sort {dir}' },
  pager: { zh: '预览分页', en: 'Preview pages' },
  next: { zh: '下一页', en: 'Next page' },
  first: { zh: '回到第一页', en: 'Back to the first page' },
  firstNote: { zh: '（分页按游标向后翻，返回只能回到第一页）', en: '(pages follow a cursor forward; going back starts from the first page)' },
} as const satisfies Record<string, Bilingual>

const fill = (text: string, values: Record<string, string | number>): string => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''))

export const fieldTitle = (ctx: PageContext, f: Pick<PreviewField, 'title' | 'title_en'>): string => localized(ctx.lang, f.title, f.title_en)

const pageHref = (ctx: PageContext, dataset: DatasetRecord, params: Record<string, string | undefined>): string => `${ctx.link(`/datasets/${dataset.id}`, params)}#preview`

/** The section's data for scripts: which dataset, how it is read, its fields with titles in the page language. */
function clientFields(ctx: PageContext, fields: readonly PreviewField[]): string {
  return JSON.stringify(fields.map((f): ClientField => ({ name: f.name, type: f.type, title: fieldTitle(ctx, f), index: f.index })))
}

export function PreviewSection({ ctx, dataset, preview }: { ctx: PageContext; dataset: DatasetRecord; preview: PreviewModel }) {
  const { t } = ctx
  const access = preview.kind === 'needs-key' ? preview.access : preview.kind === 'closed' ? 'nobody' : 'anyone'
  const fields = 'fields' in preview ? preview.fields : []
  return (
    <section id="preview" aria-labelledby="preview-heading" data-dataset={dataset.id} data-access={access} data-fields={preview.kind === 'needs-key' ? clientFields(ctx, fields) : undefined}>
      <h2 id="preview-heading">{t(TEXT.heading)}</h2>
      <PreviewBody ctx={ctx} dataset={dataset} preview={preview} />
    </section>
  )
}

function PreviewBody({ ctx, dataset, preview }: { ctx: PageContext; dataset: DatasetRecord; preview: PreviewModel }) {
  const { t } = ctx
  const { page } = preview
  const firstPage = pageHref(ctx, dataset, withParams(withoutFilters(page.params), { sort: undefined, cursor: undefined }))
  switch (preview.kind) {
    case 'closed':
      return <p class="notice">{t(TEXT.closed)}</p>
    case 'no-version':
      return <p class="notice">{t(TEXT.noVersion)}</p>
    case 'needs-key':
      return (
        <>
          <p class="notice" id="preview-key-notice">
            {t(preview.access === 'granted-key' ? TEXT.grantNeeded : TEXT.keyNeeded)}{ctx.lang === 'zh' ? '' : ' '}{t(TEXT.keyHow)}
          </p>
          <p>
            <a href={ctx.link('/account')}>{t(TEXT.accountLink)}</a>
            {preview.access === 'granted-key' ? <> · <a href="#apply">{t(TEXT.applyLink)}</a></> : null}
          </p>
          <p class="no-js-only muted">{t(TEXT.needsScript)}</p>
          <div id="preview-client" class="js-only" hidden>
            <FilterForm ctx={ctx} dataset={dataset} fields={preview.fields} state={{ filters: [] }} page={page} />
            <p id="preview-status" role="status" aria-live="polite"></p>
            <div id="preview-result"></div>
          </div>
        </>
      )
    case 'invalid':
      return (
        <>
          <FilterForm ctx={ctx} dataset={dataset} fields={preview.fields} state={preview.state} page={page} />
          <div class="notice notice-warn" id="preview-notice" role="alert">
            <p>{t(TEXT.invalid)}</p>
            <ul>{preview.errors.map((e) => <li><code>{e.path}</code>: {e.message}</li>)}</ul>
            <p><a href={firstPage}>{t(TEXT.startOver)}</a></p>
          </div>
        </>
      )
    case 'busy':
      return (
        <>
          <FilterForm ctx={ctx} dataset={dataset} fields={preview.fields} state={preview.state} page={page} />
          <div class="notice notice-warn" id="preview-notice" role="alert">
            <p>{t(preview.busy.reason === 'busy' ? TEXT.busy : TEXT.slow)}</p>
            <p><a href={pageHref(ctx, dataset, page.params)}>{t(TEXT.retry)}</a> · <a href={firstPage}>{t(TEXT.startOver)}</a></p>
          </div>
        </>
      )
    case 'rows':
      return <PreviewRows ctx={ctx} dataset={dataset} preview={preview} />
  }
}

function PreviewRows({ ctx, dataset, preview }: { ctx: PageContext; dataset: DatasetRecord; preview: Extract<PreviewModel, { kind: 'rows' }> }) {
  const { t } = ctx
  const { fields, state, page, rows } = preview
  const filtered = state.filters.length > 0
  const clearHref = pageHref(ctx, dataset, withParams(withoutFilters(page.params), { cursor: undefined }))
  const counts = [
    preview.total === undefined ? undefined : filtered ? fill(t(TEXT.matching), { total: preview.total, all: preview.rowCount }) : fill(t(TEXT.total), { total: preview.total }),
    fill(t(TEXT.shown), { count: rows.length }),
  ].filter((s) => s !== undefined).join(ctx.lang === 'zh' ? '，' : ', ')
  return (
    <>
      <FilterForm ctx={ctx} dataset={dataset} fields={fields} state={state} page={page} />
      <p id="preview-count">{counts}{state.cursor ? ` ${t(TEXT.continued)}` : ''}</p>
      {rows.length === 0
        ? <p class="notice" id="preview-empty">{t(TEXT.empty)} {filtered ? <a href={clearHref}>{t(TEXT.filterClear)}</a> : null}</p>
        : <PreviewTable ctx={ctx} dataset={dataset} fields={fields} state={state} page={page} rows={rows} version={preview.version} />}
      {preview.next || state.cursor
        ? (
          <nav class="pager" aria-label={t(TEXT.pager)}>
            {state.cursor ? <a class="first" href={pageHref(ctx, dataset, withParams(page.params, { cursor: undefined }))}>{t(TEXT.first)}</a> : null}
            {preview.next ? <a rel="next" href={pageHref(ctx, dataset, withParams(page.params, { cursor: preview.next }))}>{t(TEXT.next)}</a> : null}
            {state.cursor ? <span class="muted"> {t(TEXT.firstNote)}</span> : null}
          </nav>
        )
        : null}
    </>
  )
}

function PreviewTable({ ctx, dataset, fields, state, page, rows, version }: {
  ctx: PageContext
  dataset: DatasetRecord
  fields: readonly PreviewField[]
  state: PreviewState
  page: PageLinks
  rows: ReadonlyArray<Record<string, unknown>>
  version: number
}) {
  const { t } = ctx
  const sortKey = state.sort?.split(',')[0]?.trim()
  const sortField = sortKey?.replace(/^-/, '')
  const sortTitle = fields.find((f) => f.name === sortField)
  let caption = fill(t(TEXT.caption), { version })
  if (sortTitle) caption += fill(t(TEXT.captionSort), { field: fieldTitle(ctx, sortTitle), dir: t(sortKey?.startsWith('-') ? TEXT.descending : TEXT.ascending) })
  if (state.filters.length) caption += fill(t(TEXT.captionFilter), { filters: state.filters.map(([f, v]) => `${fieldTitle(ctx, fields.find((x) => x.name === f) ?? { title: f })} = ${v}`).join(ctx.lang === 'zh' ? '；' : '; ') })
  return (
    <div class="table-wrap">
      <table id="preview-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {fields.map((f) => {
              const direction = sortDirection(state.sort, f.name)
              const next = toggledSort(state.sort, f.name)
              return (
                <th scope="col" aria-sort={direction}>
                  <a class="sort" data-field={f.name} href={pageHref(ctx, dataset, withParams(page.params, { sort: next, cursor: undefined }))}
                    aria-label={`${fieldTitle(ctx, f)}${f.unit ? ` (${f.unit})` : ''}${fill(t(TEXT.sortBy), { dir: t(next.startsWith('-') ? TEXT.descending : TEXT.ascending) })}`}>
                    {fieldTitle(ctx, f)}
                    {f.unit ? <span class="muted"> ({f.unit})</span> : null}
                  </a>
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>{fields.map((f) => <Cell ctx={ctx} value={row[f.name]} type={f.type} />)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * A cell; null is a muted dash named for screen readers by role=img (not a visually-hidden span:
 * absolutely positioned, it would escape the table's scroll box and widen a phone's page).
 */
function Cell({ ctx, value, type }: { ctx: PageContext; value: unknown; type: string }) {
  const text = cellText(value, ctx.lang)
  if (text === null) return <td class="null"><span class="muted" role="img" aria-label={ctx.t(NULL_WORD)}>—</span></td>
  // the stylesheet keeps fixed-shape values (numbers, dates, years, booleans) on one line and aligns numbers
  return <td data-type={type}>{text}</td>
}

/** GET form of equality filters on the indexed fields; keeps the sort and the chart, starts at the first page. */
function FilterForm({ ctx, dataset, fields, state, page }: { ctx: PageContext; dataset: DatasetRecord; fields: readonly PreviewField[]; state: PreviewState; page: PageLinks }) {
  const indexed = fields.filter((f) => f.index)
  if (indexed.length === 0) return null
  const value = (name: string): string => state.filters.find(([f]) => f === name)?.[1] ?? ''
  const keep = Object.entries(withoutFilters(withParams(page.params, { cursor: undefined }) as Record<string, string>)).filter(([, v]) => v !== undefined)
  const clearHref = pageHref(ctx, dataset, withParams(withoutFilters(page.params), { cursor: undefined }))
  return (
    <form id="preview-filter" method="get" action={`/datasets/${dataset.id}#preview`}>
      <fieldset>
        <legend>{ctx.t(TEXT.filterLegend)}</legend>
        {keep.map(([name, v]) => <input type="hidden" name={name} value={v} />)}
        {page.lang ? <input type="hidden" name="lang" value={page.lang} /> : null}
        {indexed.map((f) => {
          const id = `preview-f-${f.name}`
          return (
            <div class="form-row">
              <label for={id}>{fieldTitle(ctx, f)}</label>
              {f.type === 'boolean'
                ? (
                  <select id={id} name={`f.${f.name}`}>
                    <option value="" selected={value(f.name) === ''}>{ctx.t(TEXT.any)}</option>
                    <option value="true" selected={value(f.name) === 'true'}>{ctx.t(TEXT.yes)}</option>
                    <option value="false" selected={value(f.name) === 'false'}>{ctx.t(TEXT.no)}</option>
                  </select>
                )
                : <input id={id} name={`f.${f.name}`} value={value(f.name)} {...inputType(f.type)} />}
            </div>
          )
        })}
        <div class="form-row">
          <button type="submit">{ctx.t(TEXT.filterSubmit)}</button> <a href={clearHref}>{ctx.t(TEXT.filterClear)}</a>
        </div>
      </fieldset>
    </form>
  )
}

function inputType(type: string): Record<string, string> {
  switch (type) {
    case 'date':
      return { type: 'date' }
    case 'integer':
    case 'year':
      return { type: 'number', step: '1' }
    case 'number':
      return { type: 'number', step: 'any' }
    default:
      return { type: 'text' }
  }
}
