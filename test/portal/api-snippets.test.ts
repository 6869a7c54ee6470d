import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { apiSnippets, KEY_VARIABLE, literal, metadataSnippet, rowParams, shellQuote } from '../../src/portal/pages/dataset/snippets.ts'
import { makePortal } from '../helpers/portal.ts'

/** Async: the server answering the snippet runs on this test's event loop. */
const run = promisify(execFile)
async function runCode(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { encoding: 'utf8', ...options })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) }
  }
}

const ORIGIN = 'https://data.example.gov.cn'

function byId(snippets: ReturnType<typeof apiSnippets>, id: string): string {
  const found = snippets.find((s) => s.id === id)
  if (!found) throw new Error(`no snippet ${id}`)
  return found.code
}

/** What Preact's escaping turns back into. */
function unescapeHtml(s: string): string {
  return s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&#x27;', "'").replaceAll('&amp;', '&')
}

function snippetFrom(html: string, id: string): string {
  const m = new RegExp(`<code id="${id}"[^>]*>([\\s\\S]*?)</code>`).exec(html)
  if (!m) throw new Error(`no snippet ${id} in the page`)
  return unescapeHtml(m[1] ?? '')
}

t.test('snippets name this server, the dataset and a filter on an indexed field', async (t) => {
  const snippets = apiSnippets({ origin: ORIGIN, id: 'stations', needsKey: false, example: { field: 'station', value: '站点1' }, lang: 'zh' })
  t.same(snippets.map((s) => s.id), ['snippet-curl-rows', 'snippet-curl-csv', 'snippet-python-requests', 'snippet-python-pandas', 'snippet-javascript'])
  for (const s of snippets) {
    t.match(s.code, `${ORIGIN}/api/v1/datasets/stations/`, s.id)
    t.notMatch(s.code, /Authorization|Bearer/, `${s.id}: no key for open data`)
  }
  t.match(byId(snippets, 'snippet-curl-rows'), "curl -G https://data.example.gov.cn/api/v1/datasets/stations/rows \\\n  --data-urlencode 'station=站点1' \\\n  -d _limit=10")
  t.match(byId(snippets, 'snippet-curl-csv'), 'curl -fL -o stations.csv https://data.example.gov.cn/api/v1/datasets/stations/download.csv')
  t.match(byId(snippets, 'snippet-python-requests'), 'params = {"station": "站点1", "_limit": 10}')
  t.match(byId(snippets, 'snippet-python-pandas'), 'pd.read_csv("https://data.example.gov.cn/api/v1/datasets/stations/download.csv")')
  t.match(byId(snippets, 'snippet-python-pandas'), 'pd.DataFrame(page["rows"])')
  t.match(byId(snippets, 'snippet-javascript'), 'url.searchParams.set("station", "站点1")')
  t.equal(metadataSnippet(ORIGIN, 'g4').code, 'curl https://data.example.gov.cn/api/v1/datasets/g4')
})

t.test('a dataset that needs a key gets the Bearer header with a placeholder, never a key', async (t) => {
  const snippets = apiSnippets({ origin: ORIGIN, id: 'g2', needsKey: true, example: { field: 'district' }, lang: 'en' })
  t.match(byId(snippets, 'snippet-curl-rows'), `-H "Authorization: Bearer $${KEY_VARIABLE}"`)
  t.match(byId(snippets, 'snippet-curl-csv'), `-H "Authorization: Bearer $${KEY_VARIABLE}"`)
  t.match(byId(snippets, 'snippet-python-requests'), `headers = {"Authorization": "Bearer " + os.environ["${KEY_VARIABLE}"]}`)
  t.match(byId(snippets, 'snippet-python-pandas'), 'storage_options=headers')
  t.match(byId(snippets, 'snippet-javascript'), 'Authorization: `Bearer ${key}`')
  t.match(byId(snippets, 'snippet-javascript'), '"YOUR_API_KEY"')
  for (const s of snippets) t.notMatch(s.code, /gk_[A-Za-z0-9]+_/, `${s.id}: no key shape`)
  // no value of protected data on the page: the snippet sorts by the indexed field instead
  t.same(rowParams({ field: 'district' }), [['_sort', 'district'], ['_limit', '10']])
  t.match(byId(snippets, 'snippet-curl-rows'), '-d _sort=district')
  t.match(byId(snippets, 'snippet-curl-rows'), '# swap the sort for a filter as needed')
  t.same(rowParams(undefined), [['_limit', '10']])
})

t.test('quoting survives the shell, Python and JavaScript', async (t) => {
  const hostile = `O'Brien "$HOME" \`id\` 站点; rm -rf / \\ \n`
  for (const s of [hostile, 'plain', '站点1', "'", '']) {
    const echoed = execFileSync('bash', ['-c', `printf %s ${shellQuote(s)}`], { encoding: 'utf8' })
    t.equal(echoed, s, `shell: ${JSON.stringify(s)}`)
    t.equal(JSON.parse(literal(s)), s)
  }
  const python = spawnSync('python3', ['-c', `import sys; sys.stdout.write(${literal(hostile)})`], { encoding: 'utf8' })
  if (python.status === 0) t.equal(python.stdout, hostile, 'python literal')
  else t.comment('python3 not available: its literal is checked as JSON only')
})

t.test('the page\'s snippets run as pasted against this server', async (t) => {
  const { app, key } = await makePortal(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const host = `127.0.0.1:${port}`
  const page = async (id: string) => (await app.inject({ url: `/datasets/${id}`, headers: { host } })).body

  const stations = await page('stations')
  const curlRows = snippetFrom(stations, 'snippet-curl-rows')
  t.match(curlRows, `http://${host}/api/v1/datasets/stations/rows`)
  const rows = JSON.parse((await runCode('bash', ['-c', curlRows])).stdout) as { rows: Array<{ station: string }> }
  t.ok(rows.rows.length > 0 && rows.rows.length <= 10, 'a page of at most _limit rows')
  const value = rows.rows[0]?.station
  t.ok(value && rows.rows.every((r) => r.station === value), 'every row matches the filter on the indexed field')

  const js = snippetFrom(stations, 'snippet-javascript').replace('console.log(page.rows)', 'console.log(JSON.stringify(page.rows.length))')
  const node = await runCode(process.execPath, ['--input-type=module', '-e', js])
  t.equal(node.code, 0, node.stderr)
  t.equal(Number(node.stdout.trim()), rows.rows.length, 'the fetch snippet gets the same page')

  const python = await runCode('python3', ['-c', `${snippetFrom(stations, 'snippet-python-requests')}\nprint(len(rows))`])
  if (python.code === 0) t.equal(Number(python.stdout.trim()), rows.rows.length, 'the requests snippet gets the same page')
  else t.comment(`python requests snippet not run: ${python.stderr.split('\n').filter(Boolean).pop() ?? 'no python3'}`)

  const g2 = await page('g2')
  const curlKeyed = snippetFrom(g2, 'snippet-curl-rows')
  const { token } = await key()
  const withKey = JSON.parse((await runCode('bash', ['-c', curlKeyed], { env: { ...process.env, [KEY_VARIABLE]: token } })).stdout) as { rows: unknown[] }
  t.equal(withKey.rows.length, 10, 'with the key in the environment the keyed snippet reads rows')
  const without = JSON.parse((await runCode('bash', ['-c', curlKeyed], { env: { ...process.env, [KEY_VARIABLE]: '' } })).stdout) as { status: number }
  t.equal(without.status, 401, 'without it the API says a key is needed')

  const curlCsv = snippetFrom(g2, 'snippet-curl-csv')
  // not t.testdir: that is the platform's own directory, which a second call would replace
  const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-snippet-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const saved = await runCode('bash', ['-c', curlCsv], { cwd: dir, env: { ...process.env, [KEY_VARIABLE]: token } })
  t.equal(saved.code, 0, saved.stderr)
  const csv = await app.inject({ url: '/api/v1/datasets/g2/download.csv', headers: { authorization: `Bearer ${token}` } })
  t.equal(readFileSync(`${dir}/g2.csv`, 'utf8'), csv.body, 'the CSV snippet saves the download')
})
