import fs from 'node:fs'
import t from 'tap'
import { OPENAPI_FILE, renderOpenApi } from '../../scripts/openapi.ts'

t.test('the committed openapi/openapi.json matches the routes', async (t) => {
  const current = await renderOpenApi()
  const committed = fs.readFileSync(OPENAPI_FILE, 'utf8')
  t.ok(committed === current, 'openapi/openapi.json is out of date: run npm run openapi and commit the result')
  const doc = JSON.parse(current)
  t.equal(doc.openapi, '3.1.0')
  for (const route of ['/api/v1/datasets', '/api/v1/datasets/{id}', '/api/v1/datasets/{id}/rows', '/api/v1/datasets/{id}/aggregate']) {
    t.ok(doc.paths[route]?.get, `${route} is documented`)
  }
  const rows = doc.paths['/api/v1/datasets/{id}/rows'].get
  t.ok(rows.parameters.some((p: { name: string }) => p.name === '_sort'), 'control parameters are documented')
  t.ok(rows.responses['503'], 'the budget answer is documented')
  t.same(Object.keys(doc.components.securitySchemes).sort(), ['bearerKey', 'headerKey'], 'both ways of sending a key are declared')
  t.same(doc.components.securitySchemes.headerKey, { type: 'apiKey', in: 'header', name: 'X-API-Key', description: doc.components.securitySchemes.headerKey.description })
  t.same(doc.security[0], {}, 'a key is optional by default: anonymous callers read grade-1 data')
  t.equal(rows.security, undefined, 'data routes take the default')
  t.same(doc.paths['/api/v1/admin/keys'].get.security, [{ bearerKey: [] }, { headerKey: [] }], 'admin routes require a key')
  t.same(doc.paths['/api/v1/me'].get.security, [{ bearerKey: [] }, { headerKey: [] }], "the key holder's own routes require one")
  t.same(doc.paths['/api/v1/subscriptions'].post.security, [{ bearerKey: [] }, { headerKey: [] }], 'so do webhook subscriptions')
  t.ok(doc.paths['/api/v1/subscriptions/{id}/deliveries']?.get, 'the delivery log is documented')
})
