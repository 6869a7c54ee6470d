import crypto from 'node:crypto'
import t from 'tap'
import { stationsCsv } from '../helpers/fixture.ts'
import { ATTACKS, makePortal, STATION_ROWS } from '../helpers/portal.ts'

/** A dataset with every kind of rule, constraints and English titles, for the field dictionary. */
const PEOPLE_YAML = `id: people
title: 人员名录
title_en: People register
description: 用于检查字段说明的数据集
provider: { name: 测试局, code: 11110000000000000X }
theme: 交通运输
keywords: [名录]
grade: 1
open: unconditional
license: CC-BY-4.0
update_frequency: monthly
temporal: { start: 2020-01-01, end: 2024-12-31 }
spatial: 北京市
source: { path: people.csv }
primary_key: id
fields:
  - { name: id, type: integer, title: 编号, title_en: Number, constraints: { required: true, unique: true } }
  - { name: mobile, type: string, title: 手机, title_en: Mobile, pii: mobile, rule: { mask: { keep_start: 3, keep_end: 4 } } }
  - { name: id_card, type: string, title: 身份证号, pii: id_card, rule: hash }
  - { name: born, type: string, title: 出生年份, pii: id_card, rule: { generalize: birth_year } }
  - { name: age, type: integer, title: 年龄, unit: 岁, rule: { generalize: { bucket: 10 } } }
  - { name: legal_rep, type: string, title: 法定代表人, pii: none, reason: 企业法定代表人依法公示 }
  - { name: nickname, type: string, title: 昵称, pii: name, rule: suppress }
  - { name: remark, type: string, title: 备注, description: 自由填写, rule: redact }
  - { name: level, type: string, title: 等级, index: true, constraints: { enum: [甲, 乙] } }
`
const PEOPLE_CSV = `id,mobile,id_card,born,age,legal_rep,nickname,remark,level
1,13812345678,110105194912310028,110105194912310028,37,张三,小张,请联系13812345678,甲
2,13987654321,110105195001010015,110105195001010015,52,李四,小李,无,乙
`

function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`)
  if (start < 0) return ''
  return html.slice(start, html.indexOf('</section>', start) + '</section>'.length)
}

function text(html: string): string {
  return html.replace(/<[^>]+>/g, '').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"')
}

interface Link { format: string; href: string }

function downloads(html: string): Link[] {
  return [...html.matchAll(/<a class="download" data-format="([^"]+)" href="([^"]+)"/g)].map((m) => ({ format: m[1] ?? '', href: (m[2] ?? '').replaceAll('&amp;', '&') }))
}

/** Size (bytes) and SHA-256 shown beside each download link, in page order. */
function digests(html: string): Array<{ bytes: number; sha256: string }> {
  return [...html.matchAll(/data-bytes="(\d+)"[\s\S]*?<code class="sha256">([0-9a-f]{64})<\/code>/g)].map((m) => ({ bytes: Number(m[1]), sha256: m[2] ?? '' }))
}

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex')

t.test('every section of the DOM contract, with the overview filled in', async (t) => {
  const { app } = await makePortal(t)
  const res = await app.inject({ url: '/datasets/stations' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
  const html = res.body
  t.match(html, '<h1>空气质量监测站点日报</h1>')
  const nav = /<nav id="sections"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? ''
  for (const id of ['overview', 'access', 'versions', 'fields', 'preview', 'chart', 'api']) {
    t.ok(section(html, id), `section#${id}`)
    t.match(nav, `href="#${id}"`, `nav#sections links #${id}`)
  }
  t.notOk(section(html, 'apply'), 'no apply section on open data')
  t.notMatch(nav, '#apply')
  t.match(html, '<table id="field-dictionary">')
  t.match(html, /<div class="table-wrap">\s*<table id="field-dictionary">/, 'the dictionary scrolls inside its wrapper')
  t.match(html, /<div class="table-wrap">\s*<table id="version-history">/)
  const overview = section(html, 'overview')
  t.match(overview, '各监测站点的每日空气质量指数')
  t.match(overview, '北京市生态环境局')
  t.match(overview, `href="/datasets?theme=${encodeURIComponent('生态环境')}"`)
  t.match(overview, `href="/datasets?keyword=${encodeURIComponent('空气质量')}"`)
  t.match(overview, 'href="/datasets?keyword=AQI"')
  t.match(text(overview), `行数${STATION_ROWS}`)
  t.match(text(overview), '当前版本v1')
  t.match(text(overview), '主键id (编号)')
  const api = section(html, 'api')
  t.match(api, /<pre><code id="snippet-curl-rows"/)
  t.match(api, /<button type="button" class="copy js-only" data-copy="snippet-curl-rows"/)
  t.match(api, 'role="status"')
  t.match(api, 'href="/api/v1/datasets/stations/datapackage.json"')
  t.match(api, 'href="/api/v1/catalog.jsonld"')
  t.match(api, 'href="/openapi.json"')
  t.match(api, 'href="/docs"')
  t.match(html, /<script type="module" src="\/assets\/dataset-[^"]+\.js">/)
})

t.test('the full overview and the field dictionary in words', async (t) => {
  const { app } = await makePortal(t, { setup: (fx) => { fx.writeCatalog('people', PEOPLE_YAML); fx.writeSource('people.csv', PEOPLE_CSV) } })
  const html = (await app.inject({ url: '/datasets/people' })).body
  const overview = text(section(html, 'overview'))
  for (const shown of ['统一社会信用代码：11110000000000000X', '交通运输', 'CC-BY-4.0', '更新频率每月', '2020-01-01 – 2024-12-31', '空间范围北京市', '行数2']) {
    t.match(overview, shown)
  }
  const fields = section(html, 'fields')
  const row = (name: string) => text(new RegExp(`<tr data-field="${name}">[\\s\\S]*?</tr>`).exec(fields)?.[0] ?? '')
  t.match(row('mobile'), '已脱敏：掩码，保留前3位和后4位')
  t.match(row('mobile'), '个人信息类型：手机号码')
  t.match(row('mobile'), '文本', 'a masked field is text')
  t.match(row('id_card'), '已脱敏：替换为不可逆的假名（同一值得到同一代号，可用于关联）')
  t.match(row('born'), '泛化为出生年份')
  t.match(row('born'), '整数', 'the birth year is published as an integer')
  t.match(row('age'), '泛化为宽度 10 的数值区间（如 30-39）')
  t.match(row('age'), '岁')
  t.match(row('legal_rep'), '未脱敏：经审查不属于个人信息（企业法定代表人依法公示）')
  t.match(row('nickname'), '已脱敏：不公开取值')
  t.match(row('remark'), '个人标识已按各自规则掩码')
  t.match(row('remark'), '自由填写')
  t.match(row('id'), '未脱敏（非个人信息）')
  t.match(row('id'), '必填')
  t.match(row('id'), '唯一')
  t.match(row('id'), '主键')
  t.match(row('level'), '可选值：甲、乙')
  t.match(row('level'), '可筛选（有索引）')

  const en = (await app.inject({ url: '/datasets/people?lang=en' })).body
  t.match(en, '<html lang="en">')
  t.match(en, '<h1>People register</h1>')
  const enFields = section(en, 'fields')
  t.match(text(enFields), 'Mobile', 'title_en of a field')
  t.match(text(enFields), '身份证号', 'the Chinese title where there is no English one')
  t.match(text(enFields), 'Desensitised: masked, keeping the first 3 and last 4 characters')
  t.match(text(enFields), 'personal data: mobile number')
  t.match(text(section(en, 'overview')), 'Transport', 'the theme\'s English name')
  t.match(text(section(en, 'overview')), 'Monthly')
  t.match(text(section(en, 'versions')), 'Versions and downloads')
  t.match(en, 'href="/datasets?keyword=%E5%90%8D%E5%BD%95&amp;lang=en"', 'links keep the chosen language')
  // the snippets of open data may show a real value of the indexed field
  t.match(section(html, 'api'), "--data-urlencode 'level=甲'")
})

t.test('downloads of every kept version, sizes and SHA-256 of the bytes served', async (t) => {
  const { app, fx } = await makePortal(t)
  fx.writeSource('stations.csv', stationsCsv(STATION_ROWS + 30))
  const ingest = await fx.cli('ingest')
  t.equal(ingest.code, 0, ingest.stderr)
  const html = (await app.inject({ url: '/datasets/stations' })).body
  const versions = section(html, 'versions')
  const history = /<table id="version-history">[\s\S]*?<\/table>/.exec(versions)?.[0] ?? ''
  t.match(text(history), /v2[\d\s:-]+150当前版本/, 'v2 is current, with its row count')
  t.match(text(history), /v1[\d\s:-]+120旧版本/)
  t.match(text(section(html, 'overview')), '当前版本v2')

  const links = downloads(versions)
  t.same(links.map((l) => l.format), ['csv', 'excel.csv', 'csv.gz', 'arrow', 'csv', 'excel.csv', 'csv.gz', 'arrow'])
  t.same(links.slice(0, 4).map((l) => l.href), [
    '/api/v1/datasets/stations/download.csv', '/api/v1/datasets/stations/download.csv?bom=1',
    '/api/v1/datasets/stations/download.csv.gz', '/api/v1/datasets/stations/download.arrow',
  ], 'the current version follows the current URLs')
  t.same(links.slice(4).map((l) => l.href), [
    '/api/v1/datasets/stations/versions/1/download.csv', '/api/v1/datasets/stations/versions/1/download.csv?bom=1',
    '/api/v1/datasets/stations/versions/1/download.csv.gz', '/api/v1/datasets/stations/versions/1/download.arrow',
  ], 'the older version has its versioned URLs')

  // the spreadsheet CSV is made on first request: before, the page says so instead of a size
  t.match(text(versions), '首次下载时生成')
  const shown = digests(versions)
  t.equal(shown.length, 6, 'three files with digests per version before the spreadsheet CSVs exist')
  const withDigest = links.filter((l) => l.format !== 'excel.csv')
  for (const [i, link] of withDigest.entries()) {
    const res = await app.inject({ url: link.href })
    t.equal(res.statusCode, 200, link.href)
    t.equal(res.rawPayload.length, shown[i]?.bytes, `${link.href}: size`)
    t.equal(sha256(res.rawPayload), shown[i]?.sha256, `${link.href}: SHA-256`)
  }
  // and they are the API metadata's figures for the current version
  const meta = (await app.inject({ url: '/api/v1/datasets/stations' })).json() as { distributions: Array<{ format: string; bytes: number; sha256: string }> }
  t.same(meta.distributions.map((d) => ({ bytes: d.bytes, sha256: d.sha256 })), shown.slice(0, 3))
  t.match(text(versions), `(${shown[4]!.bytes.toLocaleString('zh-CN')} 字节)`, 'exact bytes beside the rounded size')

  const excel = await app.inject({ url: '/api/v1/datasets/stations/versions/1/download.csv?bom=1' })
  t.equal(excel.statusCode, 200)
  const after = section((await app.inject({ url: '/datasets/stations' })).body, 'versions')
  const v1 = after.slice(after.indexOf('id="downloads-v1"'))
  const excelShown = digests(v1)[1]
  t.equal(excelShown?.bytes, excel.rawPayload.length, 'the spreadsheet CSV\'s size once made')
  t.equal(excelShown?.sha256, sha256(excel.rawPayload), 'and its SHA-256')

  // a purged version leaves the downloads and is listed with its reason
  const purge = await fx.cli('purge', 'stations', '--version', '1', '--reason', '测试撤回原因')
  t.equal(purge.code, 0, purge.stderr)
  const purged = section((await app.inject({ url: '/datasets/stations' })).body, 'versions')
  t.notMatch(purged, 'versions/1/download', 'no links to a withdrawn version')
  t.match(purged, '<table id="withdrawn-versions">')
  t.match(text(purged), '运营人员清除')
  t.match(text(purged), '测试撤回原因')
})

t.test('access in plain words for each grade and open attribute', async (t) => {
  const { app } = await makePortal(t)
  const page = async (id: string) => (await app.inject({ url: `/datasets/${id}` })).body

  const g1 = text(section(await page('g1'), 'access'))
  t.match(g1, '一级：任何人可直接访问和下载，无需注册')
  t.match(g1, '无条件开放')

  const g2html = await page('g2')
  const g2 = section(g2html, 'access')
  t.match(text(g2), '二级：注册 API Key 后可访问')
  t.match(g2, 'href="/account"')
  t.match(g2, 'href="#api"')
  const keyed = downloads(section(g2html, 'versions'))
  t.equal(keyed.length, 4, 'grade 2 still lists its downloads')
  t.match(text(section(g2html, 'versions')), '浏览器的普通链接无法带上 Key', 'and says plainly why a click is not enough')
  t.notMatch(section(g2html, 'versions'), / download=""/, 'no download attribute that would save the 401 as a file')
  const refused = await app.inject({ url: keyed[0]!.href })
  t.equal(refused.statusCode, 401, 'which is true: the plain link answers 401')
  t.match(section(g2html, 'api'), 'Authorization: Bearer $GK_API_KEY')

  const g3html = await page('g3')
  const g3 = section(g3html, 'access')
  t.match(text(g3), '三级：需申请并获批准后，凭 API Key 在有效期内访问')
  t.match(text(g3), '有条件开放')
  t.match(g3, 'href="#apply"')
  t.ok(section(g3html, 'apply'), 'a conditional dataset has the apply section')
  t.match(/<nav id="sections"[\s\S]*?<\/nav>/.exec(g3html)?.[0] ?? '', 'href="#apply"')

  const g2en = (await app.inject({ url: '/datasets/g2?lang=en' })).body
  t.match(text(section(g2en, 'access')), 'Grade 2: readable with any registered API key')
  t.match(text(section(g2en, 'versions')), 'a plain link in a browser cannot carry one')
  t.match(text(section(g2en, 'api')), 'the examples read it from the environment variable GK_API_KEY')
  t.match(section(g2en, 'api'), '# put your API key in an environment variable first')

  const g2c = section(await page('g2c'), 'access')
  t.notMatch(text(g2c), '注册 API Key 后可访问', 'a conditional grade 2 does not claim any key will do')
  t.match(g2c, 'href="#apply"')
})

t.test('a closed dataset says why there is no data, and offers none', async (t) => {
  const { app } = await makePortal(t)
  const html = (await app.inject({ url: '/datasets/g4' })).body
  t.match(text(section(html, 'access')), '本数据集不予开放')
  t.match(text(section(html, 'access')), '四级数据，公开后会造成特别严重的危害')
  t.same(downloads(html), [], 'no download links')
  t.notOk(section(html, 'preview'), 'no preview')
  t.notOk(section(html, 'chart'), 'no chart')
  t.notOk(section(html, 'apply'))
  t.notMatch(html, 'preview-table')
  const api = section(html, 'api')
  t.notMatch(api, 'snippet-curl-rows', 'no data snippets')
  t.notMatch(api, '/rows')
  t.notMatch(api, 'download.csv')
  t.match(api, 'snippet-curl-metadata', 'the metadata is public')
  t.ok(section(html, 'fields'), 'the declared fields are')
  t.match(section(html, 'fields'), '<table id="field-dictionary">')
  const en = (await app.inject({ url: '/datasets/g4?lang=en' })).body
  t.match(text(section(en, 'access')), 'This dataset is closed: only its catalogue entry')
  t.match(text(section(en, 'access')), 'it is grade 4 data')
  t.match(text(section(en, 'versions')), 'A closed dataset has no downloads.')
})

t.test('snippets use the origin the browser reached', async (t) => {
  const { app } = await makePortal(t)
  const html = (await app.inject({ url: '/datasets/stations', headers: { host: 'data.example.gov.cn:8443' } })).body
  const api = section(html, 'api')
  t.match(api, 'http://data.example.gov.cn:8443/api/v1/datasets/stations/rows')
  t.match(api, 'http://data.example.gov.cn:8443/api/v1/datasets/stations/download.csv')
  t.notMatch(api, 'Authorization', 'open data needs no key')
  t.match(api, /--data-urlencode 'station=站点\d'/, 'a real value of the indexed field')
})

t.test('the hostile dataset is shown, never run', async (t) => {
  const { app } = await makePortal(t)
  for (const url of ['/datasets/hostile', '/datasets/hostile?lang=en']) {
    const html = (await app.inject({ url })).body
    // markup in an attack never survives; a quote-only attack is harmless text outside a tag
    for (const attack of ATTACKS.filter((a) => a.includes('<'))) t.notMatch(html, attack, `${url}: ${attack} not raw`)
    t.notMatch(html, /<img/i)
    t.notMatch(html, /<svg/i)
    // every attribute the page has, read as a browser would (values are always double-quoted)
    const names = [...html.matchAll(/<[a-z][a-z0-9]*((?:\s+[^\s=>"'\/]+(?:="[^"]*")?)*)\s*\/?>/gi)]
      .flatMap((m) => [...(m[1] ?? '').matchAll(/\s+([^\s=>"'\/]+)(?:="[^"]*")?/g)].map((a) => (a[1] ?? '').toLowerCase()))
    t.ok(names.includes('href') && names.includes('data-format'), `${url}: attributes read`)
    t.same(names.filter((n) => n.startsWith('on')), [], `${url}: no element carries an event handler`)
    t.same(names.filter((n) => !/^(?:[a-z-]+)$/.test(n)), [], `${url}: no attribute name made from data`)
    t.equal((html.match(/<script/g) ?? []).length, 1, `${url}: only the page's own module script`)
  }
  const zh = (await app.inject({ url: '/datasets/hostile' })).body
  t.match(zh, '<h1>恶意标题 &lt;script>window.__pwned=1&lt;/script></h1>', 'the title is there, as text')
  t.match(text(section(zh, 'fields')), '已脱敏：掩码，保留第1个字（姓），其余替换为 *')
})

t.test('an unknown dataset is an HTML 404 page', async (t) => {
  const { app } = await makePortal(t)
  const res = await app.inject({ url: '/datasets/no-such-dataset' })
  t.equal(res.statusCode, 404)
  t.match(res.headers['content-type'], /text\/html/)
  t.match(res.body, '<h1>页面不存在</h1>')
  t.match(res.body, 'href="/datasets"', 'with a way back')
  const bad = await app.inject({ url: '/datasets/NOT%20AN%20ID' })
  t.equal(bad.statusCode, 400)
  t.match(bad.headers['content-type'], /text\/html/)
  const utm = await app.inject({ url: '/datasets/stations?utm_source=weibo' })
  t.equal(utm.statusCode, 200, 'unknown query parameters do not break the page')
})
