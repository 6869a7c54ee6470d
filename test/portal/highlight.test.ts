import t from 'tap'
import { highlight, highlightTerms } from '../../src/portal/highlight.ts'

/** Segments written compactly: [text] is marked, anything else plain. */
function show(text: string, q: string | undefined): string {
  return highlight(text, q).map((s) => (s.marked ? `[${s.text}]` : s.text)).join('')
}

const CASES: Array<{ name: string; text: string; q: string | undefined; want: string }> = [
  { name: 'no query', text: '空气质量', q: undefined, want: '空气质量' },
  { name: 'blank query', text: '空气质量', q: '  \u3000 ', want: '空气质量' },
  { name: 'Chinese substring', text: '空气质量监测站点日报', q: '质量', want: '空气[质量]监测站点日报' },
  { name: 'every occurrence', text: '站点与站点', q: '站点', want: '[站点]与[站点]' },
  { name: 'case-insensitive, original case kept', text: 'Air quality AIR', q: 'air', want: '[Air] quality [AIR]' },
  { name: 'several space-separated terms', text: '行政处罚决定信息', q: '处罚 信息', want: '行政[处罚]决定[信息]' },
  { name: 'ideographic space separates terms', text: '行政处罚决定信息', q: '行政\u3000决定', want: '[行政]处罚[决定]信息' },
  { name: 'overlapping terms merge', text: 'abcdef', q: 'abc cde', want: '[abcde]f' },
  { name: 'adjacent terms merge', text: 'abcdef', q: 'ab cd', want: '[abcd]ef' },
  { name: 'overlapping occurrences of one term', text: 'aaab', q: 'aa', want: '[aaa]b' },
  { name: 'whole text', text: 'AQI', q: 'aqi', want: '[AQI]' },
  { name: 'no match', text: '空气质量', q: '交通', want: '空气质量' },
  { name: 'regular-expression characters are literal', text: 'PM2.5 (μg) a+b', q: '2.5 (μg) a+b', want: 'PM[2.5] [(μg)] [a+b]' },
  { name: 'a dot matches only a dot', text: 'PM205', q: '2.5', want: 'PM205' },
  { name: 'markup in the text stays text', text: '<script>alert(1)</script>', q: 'script', want: '<[script]>alert(1)</[script]>' },
  { name: 'astral characters are not split', text: '𠀀𠀁𠀀', q: '𠀁', want: '𠀀[𠀁]𠀀' },
  { name: 'empty text', text: '', q: 'a', want: '' },
]

t.test('highlight marks every term, case-insensitively, as segments', async (t) => {
  for (const c of CASES) t.equal(show(c.text, c.q), c.want, c.name)
})

t.test('segments alternate, cover the text exactly and are never empty', async (t) => {
  for (const c of CASES) {
    const segments = highlight(c.text, c.q)
    t.equal(segments.map((s) => s.text).join(''), c.text, c.name)
    t.ok(segments.every((s) => s.text.length > 0), `${c.name}: no empty segment`)
    t.ok(segments.every((s, i) => i === 0 || s.marked !== segments[i - 1]!.marked), `${c.name}: neighbours differ`)
  }
})

t.test('segments are data, not markup', async (t) => {
  t.same(highlight('a<b>c', 'b'), [{ text: 'a<', marked: false }, { text: 'b', marked: true }, { text: '>c', marked: false }])
})

t.test('terms split like the catalog search, without repeats', async (t) => {
  t.same(highlightTerms(' 空气  质量\u3000空气 '), ['空气', '质量'])
  t.same(highlightTerms(undefined), [])
})
