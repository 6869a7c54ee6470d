/**
 * 400 bodies say once what is wrong with each parameter: a union of literals is "expected one of …",
 * not one "must be equal to constant" per alternative plus "must match a schema in anyOf".
 */
import { Type, type TSchema } from '@sinclair/typebox'
import { Ajv } from 'ajv'
import t, { type Test } from 'tap'
import { issueKey } from '../../src/access/issue-key.ts'
import { buildApp } from '../../src/server/app.ts'
import { validationErrors, type ValidationIssue } from '../../src/server/validation-errors.ts'
import { SqliteAccessStore } from '../../src/store/sqlite/access-store.ts'
import { SqliteDatasetStore } from '../../src/store/sqlite/store.ts'

t.test('the server says each problem of a request once, naming the parameter', async (t) => {
  const dir = t.testdir()
  const store = new SqliteDatasetStore(dir)
  const access = new SqliteAccessStore(dir)
  const app = await buildApp({ store, access })
  t.teardown(async () => {
    await app.close()
    await access.close()
    await store.close()
  })
  const admin = { authorization: `Bearer ${(await issueKey(access, { name: 'admin', tier: 'admin' })).token}` }
  const registered = { authorization: `Bearer ${(await issueKey(access, { name: 'user', tier: 'registered' })).token}` }
  const cases: Array<[string, string, Record<string, string>, unknown, Array<[string, string]>]> = [
    ['POST', '/api/v1/admin/keys', admin, { name: 'x', tier: 'gold' }, [['body.tier', 'expected one of registered, partner, admin']]],
    ['POST', '/api/v1/admin/keys', admin, { name: '', tier: 'gold', colour: 'red' }, [
      ['body.colour', 'unknown property'], ['body.name', 'must NOT have fewer than 1 characters'], ['body.tier', 'expected one of registered, partner, admin'],
    ]],
    ['POST', '/api/v1/admin/keys', admin, { tier: 'partner' }, [['body.name', 'is required']]],
    ['GET', '/api/v1/admin/applications?status=open', admin, undefined, [['status', 'expected one of pending, approved, rejected']]],
    ['GET', '/api/v1/admin/applications?state=open', admin, undefined, [['state', 'unknown parameter']]],
    ['GET', '/api/v1/datasets?sort=newest&grade=9', {}, undefined, [
      ['grade', 'must be <= 4'], ['sort', 'expected one of id, title, updated_at, -updated_at, row_count, -row_count, grade, -grade'],
    ]],
    ['POST', '/api/v1/datasets/g1/applications', registered, { purpose: 'research into subsidies', accept_agreement: false }, [['body.accept_agreement', 'expected true']]],
  ]
  for (const [method, url, headers, payload, expected] of cases) {
    const res = await app.inject({ method: method as 'GET' | 'POST', url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) })
    t.equal(res.statusCode, 400, `${method} ${url}`)
    const body = res.json()
    t.same(body.errors.map((e: { path: string; message: string }) => [e.path, e.message]), expected, `${method} ${url}`)
    t.equal(body.detail, expected.map(([path, message]) => `${path}: ${message}`).join('; '))
    t.notMatch(res.body, /must be equal to constant|must match a schema in anyOf/)
  }
})

const ajv = new Ajv({ allErrors: true, strict: false })
const issuesOf = (t: Test, schema: TSchema, value: unknown): ValidationIssue[] => {
  const validate = ajv.compile(schema)
  t.notOk(validate(value), 'the value is invalid')
  return validate.errors as ValidationIssue[]
}

t.test('unions of every shape are said as one message', async (t) => {
  const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  const cases: Array<[string, TSchema, unknown, Array<[string, string]>]> = [
    ['literals', Type.Object({ tier: Type.Union([Type.Literal('a'), Type.Literal('b')]) }), { tier: 'c' }, [['body.tier', 'expected one of a, b']]],
    ['one literal', Type.Object({ ok: Type.Literal(true) }), { ok: false }, [['body.ok', 'expected true']]],
    ['numbers', Type.Object({ v: Type.Union([Type.Literal(1), Type.Literal(2)]) }), { v: 3 }, [['body.v', 'expected one of 1, 2']]],
    ['an enum', Type.Object({ v: Type.Unsafe<string>({ enum: ['x', 'y'] }) }), { v: 'z' }, [['body.v', 'expected one of x, y']]],
    ['a nullable day', Type.Object({ d: Type.Union([Day, Type.Null()]) }), { d: 'soon' }, [['body.d', 'must match pattern "^\\d{4}-\\d{2}-\\d{2}$" or must be null']]],
    ['nested unions', Type.Object({ v: Type.Union([Type.Union([Type.Literal('a'), Type.Literal('b')]), Type.Literal('c')]) }), { v: 'd' }, [['body.v', 'expected one of a, b, c']]],
    ['a union inside an array', Type.Object({ list: Type.Array(Type.Union([Type.Literal('a'), Type.Literal('b')])) }), { list: ['a', 'q', 'r'] }, [
      ['body.list.1', 'expected one of a, b'], ['body.list.2', 'expected one of a, b'],
    ]],
    ['unions of objects in an array, items told apart', Type.Object({
      list: Type.Array(Type.Union([Type.Object({ kind: Type.Literal('a') }), Type.Object({ kind: Type.Literal('b'), n: Type.Integer() })])),
    }), { list: [{ kind: 'b' }, ...Array(10).fill({ kind: 'a' }), { kind: 'z' }] }, [
      ['body.list.0', 'kind: expected a or n: is required'], ['body.list.11', 'kind: expected a or n: is required, kind: expected b'],
    ]],
    ['other problems beside a union', Type.Object({ n: Type.Integer(), t: Type.Union([Type.Literal('a'), Type.Literal('b')]) }, { additionalProperties: false }), { t: 'x', extra: 1 }, [
      ['body.n', 'is required'], ['body.extra', 'unknown property'], ['body.t', 'expected one of a, b'],
    ]],
  ]
  for (const [name, schema, value, expected] of cases) {
    const errors = validationErrors(issuesOf(t, schema, value), 'body')
    t.same(errors.map((e) => [e.path, e.message]).sort(), [...expected].sort(), name)
  }
  t.same(validationErrors(issuesOf(t, Type.Object({ tier: Type.Union([Type.Literal('a'), Type.Literal('b')]) }), { tier: 'c' }), 'querystring'), [{ path: 'tier', message: 'expected one of a, b' }], 'query parameters are named as in the URL')
})
