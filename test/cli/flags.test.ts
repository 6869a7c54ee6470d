/** Arguments are parsed strictly for every command: nothing unknown is silently ignored. */
import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { makeFixture, stationsCatalog, stationsCsv } from '../helpers/fixture.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')

t.test('an unknown or repeated option is an error naming it, with the usage, and nothing runs', async (t) => {
  const fx = makeFixture(t)
  fx.writeCatalog('stations', stationsCatalog())
  fx.writeSource('stations.csv', stationsCsv(5))
  const cases: Array<[string[], RegExp]> = [
    [['ingest', '--dryrun'], /^unknown option --dryrun for ingest\n\nusage: gongkai ingest /],
    [['ingest', 'stations', '-n'], /^unknown option -n for ingest\n/],
    [['validate', '--strict'], /^unknown option --strict for validate\n\nusage: gongkai validate\n/],
    [['validate', 'stations'], /^validate takes no operands\n\nusage: gongkai validate/],
    [['start', '--port', '8080'], /^unknown option --port for start\n\nusage: gongkai start/],
    [['keys', 'list', '--all'], /^unknown option --all for keys list\n/],
    [['keys', 'list', '--tier', 'admin'], /^unknown option --tier for keys list\n/],
    [['keys', 'create', '--name', 'a', '--tier', 'partner', '--tier', 'admin'], /^--tier is given 2 times; give it once\n/],
    [['keys', 'create', '--name', '--tier', 'admin'], /^Option '--name' argument is ambiguous/],
    [['applications', 'approve', '1', '--expires', '2099-01-01', '--reason', 'x'], /^unknown option --reason for applications approve\n/],
    [['applications', 'list', 'pending'], /^applications list takes no operands\n/],
    [['--verbose'], /^unknown option "--verbose"\n\nusage: gongkai <command>/],
    [['serve'], /^unknown command "serve"\n\nusage: gongkai <command>/],
    [['--version', 'ingest'], /^--version takes nothing after it\n/],
  ]
  for (const [args, message] of cases) {
    const run = await fx.cli(...args)
    t.equal(run.code, 2, args.join(' '))
    t.match(run.stderr, message, args.join(' '))
    t.equal(run.stdout, '', `${args.join(' ')}: nothing on stdout`)
  }
  t.notOk(fs.existsSync(path.join(fx.config.dataDir, 'datasets')), 'no ingest ran')
  t.match((await fx.cli('ingest')).stdout, /^stations: published version 1:/, 'the first real ingest is version 1')
})

t.test('help, --help and --version', async (t) => {
  const fx = makeFixture(t)
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
  const cases: Array<[string[], number, 'stdout' | 'stderr', RegExp]> = [
    [['--version'], 0, 'stdout', new RegExp(`^gongkai ${version.replace(/\./g, '\\.')}$`)],
    [['help'], 0, 'stdout', /^usage: gongkai <command> \[options\]\n\ncommands:\n {2}validate .*\n {2}ingest /],
    [['--help'], 0, 'stdout', /^usage: gongkai <command>/],
    [[], 2, 'stderr', /^usage: gongkai <command>/],
    [['help', 'ingest'], 0, 'stdout', /^usage: gongkai ingest \[id…\]/],
    [['ingest', '--help'], 0, 'stdout', /^usage: gongkai ingest \[id…\]/],
    [['help', 'keys', 'create'], 0, 'stdout', /^usage: gongkai keys create --name NAME --tier registered\|partner\|admin \[--expires YYYY-MM-DD\]\n\n.+\n\noptions:\n {2}--name NAME +who or what/],
    [['keys', 'create', '-h'], 0, 'stdout', /^usage: gongkai keys create/],
    [['help', 'applications', 'approve'], 0, 'stdout', /^usage: gongkai applications approve ID --expires YYYY-MM-DD\n/],
    [['help', 'keys'], 0, 'stdout', /^usage:\n {2}gongkai keys create .*\n {2}gongkai keys list\n {2}gongkai keys revoke ID$/],
    [['keys', '--help'], 0, 'stdout', /^usage:\n {2}gongkai keys create/],
    [['help', 'serve'], 2, 'stderr', /^no command "serve"\n\nusage: gongkai <command>/],
    [['help', 'keys', 'rotate'], 2, 'stderr', /^no command "keys rotate"/],
  ]
  for (const [args, code, stream, message] of cases) {
    const run = await fx.cli(...args)
    t.equal(run.code, code, args.join(' '))
    t.match(run[stream], message, args.join(' '))
    t.equal(run[stream === 'stdout' ? 'stderr' : 'stdout'], '', `${args.join(' ')}: nothing on the other stream`)
  }
})

t.test('the overview lists every environment variable the code reads', async (t) => {
  const fx = makeFixture(t)
  const help = (await fx.cli('help')).stdout
  const sources = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
  const variables = new Set(sources.flatMap((f) => fs.readFileSync(path.join(ROOT, 'src', f), 'utf8').match(/\bGONGKAI_[A-Z_]+[A-Z]\b/g) ?? []))
  t.ok(variables.size > 10, 'the scan finds the variables')
  for (const name of [...variables, 'HOST', 'PORT', 'LOG_LEVEL']) t.match(help, new RegExp(`\\b${name}\\b`), name)
})

t.test('keys revoke never repeats a secret, even when the whole key is pasted', async (t) => {
  const fx = makeFixture(t)
  const token = (await fx.cli('keys', 'create', '--name', 'leaked', '--tier', 'registered')).stdout
  const [, id, secret] = token.split('_') as [string, string, string]
  const revoked = await fx.cli('keys', 'revoke', token)
  t.equal(revoked.code, 0, revoked.stderr)
  t.match(revoked.stdout, new RegExp(`^revoked key ${id} "leaked" at `), 'revoked by the id in it')
  t.match(revoked.stderr, /that was the whole key: its id is enough/)
  const malformed = `gk_${id}_${secret.slice(0, 40)}`
  const again = await fx.cli('keys', 'revoke', token)
  t.equal(again.code, 0, 'revoking again is harmless')
  const attempts = [
    ['keys', 'revoke', malformed],
    ['keys', 'revoke', secret],
    ['keys', 'revoke', id, token],
    ['keys', token],
    ['help', 'keys', token],
    [token],
  ]
  const runs = [revoked, again]
  for (const args of attempts) {
    const run = await fx.cli(...args)
    t.not(run.code, 0, `${args.map((a) => a.slice(0, 20)).join(' ')} is refused`)
    runs.push(run)
  }
  t.match(runs[2]?.stderr, /^ID must be the 16 hex characters after gk_/, 'a malformed key is a usage error')
  for (const run of runs) t.notOk(`${run.stdout}\n${run.stderr}`.includes(secret.slice(0, 12)), 'no part of the secret is printed')
})
