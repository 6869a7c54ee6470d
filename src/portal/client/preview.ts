/**
 * The preview of grade 2 and 3 data, loaded in the browser with the visitor's saved API key (the
 * server renders rows only for data anyone may read). The same table as the server's, built with
 * createElement and textContent only; sort links, filters and the next page work on the API's
 * cursor without reloading the page. Grade-1 pages need nothing here: the server's table is enough.
 */
import { element, replaceContent } from './account-dom.ts'
import { apiFetch, problemDetail, savedKey } from './key-store.ts'
import { cellText, NULL_WORD, rowParams, sortDirection, toggledSort, type ClientField } from './page-params.ts'

const lang: 'zh' | 'en' = document.documentElement.lang.startsWith('en') ? 'en' : 'zh'
const TEXT = {
  loading: { zh: '正在用已保存的 API Key 加载预览…', en: 'Loading the preview with your saved API key…' },
  loaded: { zh: '已加载 {count} 行。', en: 'Loaded {count} rows.' },
  total: { zh: '共 {total} 行，本页显示 {count} 行', en: '{total} rows, showing {count} on this page' },
  shown: { zh: '本页显示 {count} 行', en: 'Showing {count} rows on this page' },
  caption: { zh: '数据预览（第 {version} 版）', en: 'Data preview (version {version})' },
  sortBy: { zh: '，点击按{dir}排列', en: ', select to sort {dir}' },
  ascending: { zh: '升序', en: 'ascending' },
  descending: { zh: '降序', en: 'descending' },
  empty: { zh: '没有符合筛选条件的行。', en: 'No rows match these filters.' },
  pager: { zh: '预览分页', en: 'Preview pages' },
  next: { zh: '下一页', en: 'Next page' },
  first: { zh: '回到第一页', en: 'Back to the first page' },
  refused: { zh: 'API 拒绝了请求：', en: 'The API refused the request: ' },
  failed: { zh: '无法加载预览：', en: 'The preview could not be loaded: ' },
} as const

const say = (text: { zh: string; en: string }, values: Record<string, string | number> = {}): string =>
  text[lang].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''))

interface State {
  sort?: string
  filters: Array<[string, string]>
  cursor?: string
}

interface RowsAnswer {
  version: number
  rows: Array<Record<string, unknown>>
  next: string | null
  total?: number
}

function start(section: HTMLElement): void {
  const id = section.dataset.dataset
  const container = document.getElementById('preview-client')
  const status = document.getElementById('preview-status')
  const result = document.getElementById('preview-result')
  if (!id || !container || !status || !result || !savedKey()) return
  const fields = JSON.parse(section.dataset.fields ?? '[]') as ClientField[]
  const state: State = { filters: [] }
  container.hidden = false

  async function load(): Promise<void> {
    replaceContent(status!, say(TEXT.loading))
    const params = new URLSearchParams(rowParams(state.sort, state.filters, state.cursor))
    let response: Response
    try {
      response = await apiFetch(`/api/v1/datasets/${encodeURIComponent(id!)}/rows?${params}`)
    } catch (error) {
      replaceContent(status!, say(TEXT.failed), String(error))
      return
    }
    if (!response.ok) {
      const detail = await problemDetail(response)
      replaceContent(status!, element('span', { class: 'notice notice-warn' }, response.status === 401 || response.status === 403 ? say(TEXT.refused) : say(TEXT.failed), detail))
      replaceContent(result!)
      return
    }
    const answer = (await response.json()) as RowsAnswer
    // the key works: the explanation of why a key is needed has done its job
    const keyNotice = document.getElementById('preview-key-notice')
    if (keyNotice) keyNotice.hidden = true
    replaceContent(status!, say(TEXT.loaded, { count: answer.rows.length }))
    render(answer)
  }

  function render(answer: RowsAnswer): void {
    const count = answer.total === undefined ? say(TEXT.shown, { count: answer.rows.length }) : say(TEXT.total, { total: answer.total, count: answer.rows.length })
    const children: Node[] = [element('p', { id: 'preview-count' }, count)]
    children.push(answer.rows.length === 0 ? element('p', { class: 'notice', id: 'preview-empty' }, say(TEXT.empty)) : table(answer))
    if (answer.next || state.cursor) {
      const pager = element('nav', { class: 'pager', 'aria-label': say(TEXT.pager) })
      if (state.cursor) pager.append(button('first', say(TEXT.first), () => { delete state.cursor; void load() }))
      const next = answer.next
      if (next) pager.append(button('next', say(TEXT.next), () => { state.cursor = next; void load() }))
      children.push(pager)
    }
    replaceContent(result!, ...children)
  }

  function table(answer: RowsAnswer): HTMLElement {
    const head = element('tr')
    for (const field of fields) {
      const direction = sortDirection(state.sort, field.name)
      const next = toggledSort(state.sort, field.name)
      const label = field.title + say(TEXT.sortBy, { dir: say(next.startsWith('-') ? TEXT.descending : TEXT.ascending) })
      const link = element('a', { class: 'sort', href: '#preview', 'data-field': field.name, 'aria-label': label }, field.title)
      link.addEventListener('click', (event) => {
        event.preventDefault()
        state.sort = next
        delete state.cursor
        void load()
      })
      const th = element('th', { scope: 'col' }, link)
      if (direction) th.setAttribute('aria-sort', direction)
      head.append(th)
    }
    const body = element('tbody')
    for (const row of answer.rows) {
      const tr = element('tr')
      for (const field of fields) {
        const text = cellText(row[field.name], lang)
        tr.append(text === null
          ? element('td', { class: 'null' }, element('span', { class: 'muted', role: 'img', 'aria-label': NULL_WORD[lang] }, '—'))
          : element('td', { 'data-type': field.type }, text))
      }
      body.append(tr)
    }
    return element('div', { class: 'table-wrap' },
      element('table', { id: 'preview-table' }, element('caption', {}, say(TEXT.caption, { version: answer.version })), element('thead', {}, head), body))
  }

  function button(kind: string, text: string, run: () => void): HTMLButtonElement {
    const b = element('button', { type: 'button', class: kind }, text)
    b.addEventListener('click', run)
    return b
  }

  const form = container.querySelector<HTMLFormElement>('#preview-filter')
  form?.addEventListener('submit', (event) => {
    event.preventDefault()
    state.filters = []
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && name.startsWith('f.') && value.trim() !== '') state.filters.push([name.slice(2), value.trim()])
    }
    delete state.cursor
    followFilters(state.filters)
    void load()
  })
  form?.querySelector<HTMLAnchorElement>('a')?.addEventListener('click', (event) => {
    event.preventDefault()
    form.reset()
    for (const input of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[name^="f."], select[name^="f."]')) input.value = ''
    state.filters = []
    delete state.cursor
    followFilters(state.filters)
    void load()
  })
  void load()
}

/** The chart charts the rows the preview shows: its form carries the preview's filters as hidden inputs. */
function followFilters(filters: ReadonlyArray<readonly [string, string]>): void {
  const chartForm = document.getElementById('chart-form')
  if (!chartForm) return
  for (const input of chartForm.querySelectorAll<HTMLInputElement>('input[type=hidden][name^="f."]')) input.remove()
  for (const [field, value] of filters) chartForm.prepend(element('input', { type: 'hidden', name: `f.${field}`, value }))
}

const section = document.getElementById('preview')
if (section && (section.dataset.access === 'any-key' || section.dataset.access === 'granted-key')) start(section)
