/**
 * Every `curl` example of README.md, run as a reader pastes it: by the real curl binary, through
 * sh, one after the other in one working directory, against the real server on a real port serving
 * the sample catalog. `$KEY` is a fresh registered key; `$NEXT` the `next` of the example before.
 * Each must exit 0 with a 2xx.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { issueKey } from '../src/access/issue-key.ts'
import { runCli } from '../src/cli/main.ts'
import { buildApp } from '../src/server/app.ts'
import { SqliteAccessStore } from '../src/store/sqlite/access-store.ts'
import { SqliteDatasetStore } from '../src/store/sqlite/store.ts'
import { UNLIMITED_TIERS } from './helpers/server.ts'

const run = promisify(execFile)
const ROOT = path.resolve(import.meta.dirname, '..')
const README_HOST = 'http://127.0.0.1:3000'

/** The curl command lines of the README's sh blocks, in order. */
function curlExamples(readme: string): string[] {
  const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1] as string)
  // a line ending in a backslash goes on on the next, as in sh
  return blocks.flatMap((block) => block.replace(/\\\n\s*/g, '').split('\n').map((line) => line.trim()).filter((line) => line.startsWith('curl ')))
}

/** Curl told to fail on HTTP errors and to report the status on stderr, whatever the example does with stdout. */
const instrumented = (command: string, base: string): string =>
  command.replace(/^curl /, 'curl --fail -sS --max-time 60 -w \'%{stderr}HTTP %{http_code}\\n\' ').replaceAll(README_HOST, base)

t.test('the README has curl examples, none with raw non-ASCII bytes in a URL', async (t) => {
  const examples = curlExamples(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))
  t.ok(examples.length >= 15, `${examples.length} examples`)
  for (const example of examples) {
    const urls = example.match(/https?:\/\/\S+/g) ?? []
    t.ok(urls.every((url) => /^[\x21-\x7e]+$/.test(url.replace(/['"]$/, ''))), `URL percent-encoded or built with --data-urlencode: ${example.slice(0, 70)}`)
  }
})

t.test('every curl example of the README works when pasted', async (t) => {
  const examples = curlExamples(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))
  const ids = new Set(examples.flatMap((e) => [...e.matchAll(/\/datasets\/([a-z0-9-]+)\//g)].map((m) => m[1] as string)))
  const root = t.testdir({ catalog: {}, datasets: {}, work: {} })
  fs.copyFileSync(path.join(ROOT, 'catalog', '_themes.yaml'), path.join(root, 'catalog', '_themes.yaml'))
  for (const id of ids) {
    fs.copyFileSync(path.join(ROOT, 'catalog', `${id}.yaml`), path.join(root, 'catalog', `${id}.yaml`))
    fs.copyFileSync(path.join(ROOT, 'datasets', `${id}.csv`), path.join(root, 'datasets', `${id}.csv`))
  }
  const env = {
    GONGKAI_CATALOG_DIR: path.join(root, 'catalog'),
    GONGKAI_DATASETS_DIR: path.join(root, 'datasets'),
    GONGKAI_DATA_DIR: path.join(root, 'data'),
    GONGKAI_PSEUDONYM_KEY: 'readme-examples-pseudonym-key',
    LOG_LEVEL: 'silent',
  }
  const errors: string[] = []
  t.equal(await runCli(['ingest'], { log: () => undefined, error: (l) => errors.push(l) }, env), 0, errors.join('\n'))
  const store = new SqliteDatasetStore(env.GONGKAI_DATA_DIR, 3, { workers: 1, budgetMs: 10_000 })
  const access = new SqliteAccessStore(env.GONGKAI_DATA_DIR)
  const app = await buildApp({ store, access, tiers: UNLIMITED_TIERS })
  t.teardown(async () => {
    await app.close()
    await access.close()
    await store.close()
  })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const { token } = await issueKey(access, { name: 'README reader', tier: 'registered' })

  let previous = ''
  for (const example of examples) {
    const shellEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: root, KEY: token }
    if (example.includes('$NEXT')) shellEnv.NEXT = (JSON.parse(previous) as { next: string }).next
    let result: { stdout: string; stderr: string; code: number }
    try {
      result = { ...(await run('sh', ['-c', instrumented(example, base)], { cwd: path.join(root, 'work'), env: shellEnv, maxBuffer: 64 << 20 })), code: 0 }
    } catch (error) {
      const failed = error as { stdout: string; stderr: string; code: number }
      result = { stdout: failed.stdout, stderr: failed.stderr, code: failed.code }
    }
    const status = /HTTP (\d{3})\n?$/.exec(result.stderr)?.[1]
    const failure = result.code === 0 ? '' : `: ${result.stderr.trim()} ${result.stdout.slice(0, 300)}`
    t.equal(result.code, 0, `${example} exits 0${failure}`)
    t.match(status, /^2\d\d$/, `with a 2xx (${status})`)
    previous = result.stdout
  }
})
