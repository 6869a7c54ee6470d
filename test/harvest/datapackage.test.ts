import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { harvestPlatform } from './fixtures/platform.ts'
import { dataPackageValidator } from './fixtures/profiles.ts'

/** SPEC §6: the Data Package of each published dataset, valid against the official v2 profile. */
t.test('every published dataset\'s datapackage.json validates against the Data Package v2 profile', async (t) => {
  const { app } = await harvestPlatform(t)
  const validate = dataPackageValidator()
  for (const id of ['stations', 'penalties', 'subsidies']) {
    const res = await app.inject(`/api/v1/datasets/${id}/datapackage.json`)
    t.equal(res.statusCode, 200, id)
    t.match(res.headers['content-type'], /^application\/json/)
    const valid = validate(res.json())
    t.ok(valid, `${id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`)
  }
  // the profile really is applied: a descriptor with a broken hash or an unknown field type fails it
  const pkg = (await app.inject('/api/v1/datasets/stations/datapackage.json')).json()
  t.notOk(validate({ ...pkg, resources: [{ ...pkg.resources[0], hash: 'sha256:not-hex' }] }), 'hash checked')
  t.notOk(validate({ ...pkg, resources: [{ ...pkg.resources[0], schema: { fields: [{ name: 'x', type: 'money' }] } }] }), 'field types checked')
})

t.test('the descriptor describes the current CSV: URL, size, hash, dialect and Table Schema', async (t) => {
  const { fx, app } = await harvestPlatform(t)
  const pkg = (await app.inject('/api/v1/datasets/penalties/datapackage.json')).json()
  t.match(pkg, {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: 'penalties',
    title: '行政处罚决定信息',
    version: '1',
    keywords: ['行政处罚', '信用'],
    licenses: [{ name: 'CC-BY-4.0', path: 'https://spdx.org/licenses/CC-BY-4.0.html' }],
    contributors: [{ title: '北京市市场监督管理局', roles: ['publisher'] }],
    sources: [{ title: '北京市市场监督管理局' }],
  })
  const [resource] = pkg.resources
  t.equal(resource.path, 'http://localhost:80/api/v1/datasets/penalties/versions/1/download.csv')
  t.match(resource, { type: 'table', format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', dialect: { header: true, lineTerminator: '\r\n' } })
  const csv = fs.readFileSync(path.join(fx.config.dataDir, 'versions', 'penalties', '1', 'data.csv'))
  t.equal(resource.bytes, csv.length)
  t.equal(resource.hash, `sha256:${createHash('sha256').update(csv).digest('hex')}`)
  t.same(resource.schema, {
    fields: [
      { name: 'record_id', type: 'integer', title: '记录编号', constraints: { required: true, minimum: 1, unique: true } },
      { name: 'party_name', type: 'string', title: '当事人' },
      { name: 'amount', type: 'number', title: '罚款金额', description: '单位：元', constraints: { minimum: 0 } },
      { name: 'decided', type: 'date', title: '决定日期' },
    ],
    primaryKey: ['record_id'],
    missingValues: [''],
  }, 'constraints of the masked field are not claimed for its masked values')
})

t.test('a dataset without published files has no Data Package; an unknown one neither', async (t) => {
  const { app } = await harvestPlatform(t)
  for (const id of ['case-records', 'nope']) {
    const res = await app.inject(`/api/v1/datasets/${id}/datapackage.json`)
    t.equal(res.statusCode, 404, id)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
})
