import type { Bilingual, Lang } from '../../i18n/lang.ts'
import type { SnippetExample } from './version-files.ts'

/**
 * The API tab's copyable code: curl, Python (requests, pandas) and JavaScript (fetch) against this
 * server's own URLs, for a page of rows (filtered on an indexed field where there is one) and for the
 * CSV download. A dataset that needs a key gets the Authorization header with a placeholder read
 * from the environment, never a real key. Pure, so that the quoting is tested on its own.
 */
export interface SnippetInput {
  origin: string
  id: string
  /** Reading the rows needs an API key (grade 2, or a grant). */
  needsKey: boolean
  example?: SnippetExample | undefined
  lang: Lang
}

export interface Snippet {
  /** Element id of the code, for the copy button. */
  id: string
  title: Bilingual
  language: 'shell' | 'python' | 'javascript'
  code: string
}

export const KEY_VARIABLE = 'GK_API_KEY'
export const ROW_LIMIT = 10

const KEY_COMMENT: Bilingual = { zh: '先把你的 API Key 放进环境变量：export GK_API_KEY=…（不要写进代码）', en: 'put your API key in an environment variable first: export GK_API_KEY=… (never in the code)' }
const NEXT_PAGE: Bilingual = { zh: '下一页', en: 'the next page' }
const PLACEHOLDER_COMMENT: Bilingual = { zh: '按需把排序换成筛选，例如', en: 'swap the sort for a filter as needed, e.g.' }

/** A POSIX shell word that the shell reads back as exactly `s`. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`
}

/** A string literal for Python and JavaScript alike (JSON escapes are valid in both). */
export function literal(s: string): string {
  return JSON.stringify(s)
}

/** The query of the rows snippets as ordered pairs: the filter (or a sort by the indexed field), then the limit. */
export function rowParams(example: SnippetExample | undefined): Array<[string, string]> {
  const params: Array<[string, string]> = []
  if (example?.value !== undefined) params.push([example.field, example.value])
  else if (example) params.push(['_sort', example.field])
  params.push(['_limit', String(ROW_LIMIT)])
  return params
}

function pythonDict(params: Array<[string, string]>): string {
  return `{${params.map(([k, v]) => `${literal(k)}: ${k === '_limit' ? v : literal(v)}`).join(', ')}}`
}

export function apiSnippets(input: SnippetInput): Snippet[] {
  const { origin, id, needsKey, example, lang } = input
  const rows = `${origin}/api/v1/datasets/${id}/rows`
  const csv = `${origin}/api/v1/datasets/${id}/download.csv`
  const params = rowParams(example)
  const hint = example && example.value === undefined ? `${example.field}=…` : undefined

  // curl: -G with --data-urlencode percent-encodes values (raw Chinese in a URL is a 400)
  const curlAuth = needsKey ? ` \\\n  -H "Authorization: Bearer $${KEY_VARIABLE}"` : ''
  const curlKeyComment = needsKey ? `# ${KEY_COMMENT[lang]}\n` : ''
  const curlHint = hint ? `# ${PLACEHOLDER_COMMENT[lang]} --data-urlencode ${shellQuote(hint)}\n` : ''
    // values may be Chinese: --data-urlencode; the control parameters are ASCII: -d
  const curlParam = ([k, v]: [string, string]): string => (k.startsWith('_') ? `  -d ${shellQuote(`${k}=${v}`)}` : `  --data-urlencode ${shellQuote(`${k}=${v}`)}`)
  const curlRows = `${curlKeyComment}${curlHint}curl -G ${shellQuote(rows)}${curlAuth} \\\n${params.map(curlParam).join(' \\\n')}`
  const curlCsv = `${curlKeyComment}curl -fL -o ${shellQuote(`${id}.csv`)} ${shellQuote(csv)}${curlAuth}`

  const pyImports = needsKey ? 'import os\n\n' : ''
  const pyHeaders = needsKey ? `headers = {"Authorization": "Bearer " + os.environ[${literal(KEY_VARIABLE)}]}\n` : ''
  const pyKeyComment = needsKey ? `# ${KEY_COMMENT[lang]}\n` : ''
  const pyHeadersArg = needsKey ? ', headers=headers' : ''
  const requests = `${pyImports}import requests\n\n${pyKeyComment}${pyHeaders}params = ${pythonDict(params)}\nresponse = requests.get(${literal(rows)}, params=params${pyHeadersArg}, timeout=30)\nresponse.raise_for_status()\npage = response.json()\nrows = page["rows"]\n# ${NEXT_PAGE[lang]}: params["_cursor"] = page["next"]`
  const pandas = `${pyImports}import pandas as pd\nimport requests\n\n${pyKeyComment}${pyHeaders}# ${lang === 'zh' ? '整个当前版本（CSV 下载）' : 'the whole current version (the CSV download)'}\ndf = pd.read_csv(${literal(csv)}${needsKey ? ', storage_options=headers' : ''})\n\n# ${lang === 'zh' ? '一页行（JSON）' : 'a page of rows (JSON)'}\npage = requests.get(${literal(rows)}, params=${pythonDict(params)}${pyHeadersArg}, timeout=30).json()\nrows = pd.DataFrame(page["rows"])`

  const jsKey = needsKey ? `// ${lang === 'zh' ? '你的 API Key（不要提交到代码仓库）' : 'your API key (never commit it)'}\nconst key = ${literal('YOUR_API_KEY')}\n` : ''
  const jsParams = params.map(([k, v]) => `url.searchParams.set(${literal(k)}, ${literal(v)})`).join('\n')
  const js = `${jsKey}const url = new URL(${literal(rows)})\n${jsParams}\nconst response = await fetch(url${needsKey ? ', { headers: { Authorization: `Bearer ${key}` } }' : ''})\nif (!response.ok) throw new Error(\`\${response.status} \${await response.text()}\`)\nconst page = await response.json()\nconsole.log(page.rows)\n// ${NEXT_PAGE[lang]}: url.searchParams.set("_cursor", page.next)`

  return [
    { id: 'snippet-curl-rows', title: { zh: 'curl：查询行', en: 'curl: query rows' }, language: 'shell', code: curlRows },
    { id: 'snippet-curl-csv', title: { zh: 'curl：下载 CSV', en: 'curl: download the CSV' }, language: 'shell', code: curlCsv },
    { id: 'snippet-python-requests', title: { zh: 'Python（requests）', en: 'Python (requests)' }, language: 'python', code: requests },
    { id: 'snippet-python-pandas', title: { zh: 'Python（pandas）', en: 'Python (pandas)' }, language: 'python', code: pandas },
    { id: 'snippet-javascript', title: { zh: 'JavaScript（fetch）', en: 'JavaScript (fetch)' }, language: 'javascript', code: js },
  ]
}

/** The metadata snippet, shown for every dataset (closed ones included: their catalog entry is public). */
export function metadataSnippet(origin: string, id: string): Snippet {
  return {
    id: 'snippet-curl-metadata',
    title: { zh: 'curl：元数据', en: 'curl: metadata' },
    language: 'shell',
    code: `curl ${shellQuote(`${origin}/api/v1/datasets/${id}`)}`,
  }
}
