import t from 'tap'
import { readCredentials, redactUrl } from '../../src/access/credentials.ts'
import { generateKey } from '../../src/access/keys.ts'

const { token } = generateKey()
const other = generateKey().token

t.test('where a key may come from', async (t) => {
  const cases: Array<[string, Record<string, string | string[]>, string, ReturnType<typeof readCredentials>]> = [
    ['nothing', {}, '/x', { kind: 'none' }],
    ['bearer', { authorization: `Bearer ${token}` }, '/x', { kind: 'key', token }],
    ['bearer, any case, extra spaces', { authorization: `bEARer   ${token} ` }, '/x', { kind: 'key', token }],
    ['x-api-key', { 'x-api-key': token }, '/x', { kind: 'key', token }],
    ['both, the same', { authorization: `Bearer ${token}`, 'x-api-key': token }, '/x', { kind: 'key', token }],
    ['both, different', { authorization: `Bearer ${token}`, 'x-api-key': other }, '/x', { kind: 'invalid' }],
    ['basic', { authorization: 'Basic dTpw' }, '/x', { kind: 'invalid' }],
    ['bearer without token', { authorization: 'Bearer' }, '/x', { kind: 'invalid' }],
    ['empty x-api-key', { 'x-api-key': '' }, '/x', { kind: 'invalid' }],
    ['x-api-key twice', { 'x-api-key': [token, token] }, '/x', { kind: 'invalid' }],
    ['api_key in the query', { authorization: `Bearer ${token}` }, `/x?api_key=${token}`, { kind: 'in-query', param: 'api_key' }],
    ['apikey', {}, '/x?a=1&apikey=abc', { kind: 'in-query', param: 'apikey' }],
    ['token, even empty', {}, '/x?token=', { kind: 'in-query', param: 'token' }],
    ['TOKEN', {}, '/x?TOKEN=1', { kind: 'in-query', param: 'TOKEN' }],
    ['key holding a key', {}, `/x?key=${token}`, { kind: 'in-query', param: 'key' }],
    ['key holding an encoded key', {}, `/x?key=${encodeURIComponent(token).replace(/_/g, '%5F')}`, { kind: 'in-query', param: 'key' }],
    ['a key under any name', {}, `/x?q=${token}`, { kind: 'in-query', param: 'q' }],
    ['key as a filter (a key id, a field value)', {}, '/x?key=0123456789abcdef', { kind: 'none' }],
    ['other parameters', {}, '/x?_limit=5&district=%E5%8C%BA1', { kind: 'none' }],
  ]
  for (const [what, headers, url, expected] of cases) t.same(readCredentials(headers, url), expected, what)
})

t.test('log lines never carry a key', async (t) => {
  const cases: Array<[string, string]> = [
    ['/api/v1/datasets/x/rows?_limit=5', '/api/v1/datasets/x/rows?_limit=5'],
    [`/x?api_key=${token}`, '/x?api_key=[REDACTED]'],
    [`/x?_limit=5&token=${token}&_sort=a`, '/x?_limit=5&token=[REDACTED]&_sort=a'],
    [`/x?key=0123456789abcdef`, '/x?key=[REDACTED]'],
    [`/x?q=${encodeURIComponent(`see ${token}`)}`, '/x?q=[REDACTED]'],
    ['/x?apikey', '/x?apikey=[REDACTED]'],
    [`/api/v1/datasets/${token}/rows`, '/api/v1/datasets/[REDACTED]/rows'],
    [`/api/v1/${encodeURIComponent(token).replace(/_/g, '%5F')}?_limit=1`, '/api/v1/[REDACTED]?_limit=1'],
    [`/x/prefix-${token}.csv`, '/x/[REDACTED]'],
    [`/x?${token}`, '/x?[REDACTED]'],
    [`/x?_limit=1&${token}=1&a=b`, '/x?_limit=1&[REDACTED]&a=b'],
    [`/x?${token.replace(/_/g, '%5F')}__gte=1`, '/x?[REDACTED]'],
    [`/${token}?key=${token}`, '/[REDACTED]?key=[REDACTED]'],
    ['/api/v1/datasets/gk-not-a-key/rows?a=1&&b=2', '/api/v1/datasets/gk-not-a-key/rows?a=1&&b=2'],
  ]
  for (const [url, logged] of cases) t.equal(redactUrl(url), logged, url.slice(0, 40))
})
