import t from 'tap'
import { contentDisposition } from '../../src/server/download/content-disposition.ts'
import { evaluateConditions, type Outcome } from '../../src/server/download/conditions.ts'

const ETAG = '"abc123"'
const MODIFIED = new Date('2024-05-01T10:00:00.750Z')
const HTTP_MODIFIED = 'Wed, 01 May 2024 10:00:00 GMT'
const EARLIER = 'Wed, 01 May 2024 09:59:59 GMT'
const LATER = 'Wed, 01 May 2024 10:00:01 GMT'

t.test('RFC 9110 precondition order for GET', async (t) => {
  const cases: Array<[string, Record<string, string>, Outcome]> = [
    ['no conditions', {}, 'full'],
    ['If-None-Match matches', { 'if-none-match': ETAG }, 'not-modified'],
    ['If-None-Match matches weakly', { 'if-none-match': `W/${ETAG}` }, 'not-modified'],
    ['If-None-Match in a list', { 'if-none-match': '"x", "abc123"' }, 'not-modified'],
    ['If-None-Match *', { 'if-none-match': '*' }, 'not-modified'],
    ['If-None-Match differs', { 'if-none-match': '"other"' }, 'full'],
    ['If-None-Match wins over If-Modified-Since', { 'if-none-match': '"other"', 'if-modified-since': LATER }, 'full'],
    ['If-Modified-Since at Last-Modified', { 'if-modified-since': HTTP_MODIFIED }, 'not-modified'],
    ['If-Modified-Since before', { 'if-modified-since': EARLIER }, 'full'],
    ['If-Modified-Since garbage', { 'if-modified-since': 'yesterday' }, 'full'],
    ['If-Match matches', { 'if-match': ETAG }, 'full'],
    ['If-Match weak never matches', { 'if-match': `W/${ETAG}` }, 'precondition-failed'],
    ['If-Match differs', { 'if-match': '"other"' }, 'precondition-failed'],
    ['If-Unmodified-Since before', { 'if-unmodified-since': EARLIER }, 'precondition-failed'],
    ['If-Unmodified-Since after', { 'if-unmodified-since': LATER }, 'full'],
    ['Range alone', { range: 'bytes=0-9' }, 'range'],
    ['Range with matching If-Range tag', { range: 'bytes=0-9', 'if-range': ETAG }, 'range'],
    ['Range with stale If-Range tag', { range: 'bytes=0-9', 'if-range': '"stale"' }, 'full'],
    ['Range with weak If-Range tag', { range: 'bytes=0-9', 'if-range': `W/${ETAG}` }, 'full'],
    ['Range with If-Range = Last-Modified', { range: 'bytes=0-9', 'if-range': HTTP_MODIFIED }, 'range'],
    ['Range with If-Range date later', { range: 'bytes=0-9', 'if-range': LATER }, 'full'],
    ['Range with If-Range date earlier', { range: 'bytes=0-9', 'if-range': EARLIER }, 'full'],
    ['not modified beats Range', { range: 'bytes=0-9', 'if-none-match': ETAG }, 'not-modified'],
  ]
  for (const [name, headers, outcome] of cases) t.equal(evaluateConditions(headers, { etag: ETAG, lastModified: MODIFIED }), outcome, name)
})

t.test('Content-Disposition has an ASCII fallback and a UTF-8 filename*', async (t) => {
  t.equal(
    contentDisposition('admin-penalties-v3.csv', '行政处罚决定信息-v3.csv'),
    `attachment; filename="admin-penalties-v3.csv"; filename*=UTF-8''%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A%E5%86%B3%E5%AE%9A%E4%BF%A1%E6%81%AF-v3.csv`,
  )
  t.equal(contentDisposition('a"b\\c.csv', 'x/y:z*(1)\'.csv'), `attachment; filename="a_b_c.csv"; filename*=UTF-8''x_y_z_%281%29%27.csv`, 'quotes, separators and RFC 8187 specials escaped')
})
