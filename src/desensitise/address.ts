/**
 * Where the administrative part of a Chinese address ends (used by the address mask preset and by
 * `generalize: district`).
 *
 * Returns the UTF-16 offset just after the district-level anchor, or -1:
 * 1. the first 区 / 县 / 旗 (市辖区, 自治县, 自治旗, 新区 included), skipping 区 that is not a district
 *    (自治区 and 特别行政区 are provinces, 地区 a prefecture, 小区 / 社区 / 校区 / 园区 / 景区 are below
 *    district level) and 旗 in 红旗 / 国旗 / 彩旗;
 * 2. else the first 市, extended to a second 市 two to four CJK characters later (a county-level city:
 *    江苏省苏州市昆山市);
 * 3. else the first 省 / 自治区 / 特别行政区 (province level only);
 * and in every case the anchor must come before the street part of the address — before the first
 * digit or any of 号 弄 巷 室 栋 幢 — so "北京市建国路88号院3区" never keeps "…88号院3区".
 */

const QU_SKIP_AFTER = ['自治', '行政', '地', '小', '社', '校', '园', '景']
const QI_SKIP_AFTER = ['红', '国', '彩']
const STREET_MARKS = new Set(['号', '弄', '巷', '室', '栋', '幢'])
const NOT_IN_CITY_NAME = new Set(['路', '街', '道', '巷', '号', '场', '镇', '乡', '村', '区', '县', '省'])

function streetStart(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19) || STREET_MARKS.has(s[i] as string)) return i
  }
  return s.length
}

function precededBy(s: string, i: number, words: readonly string[]): boolean {
  for (const w of words) if (i >= w.length && s.startsWith(w, i - w.length)) return true
  return false
}

function isCjk(c: number): boolean {
  return c >= 0x3400 && c <= 0x9fff
}

export function districtEnd(s: string): number {
  const limit = streetStart(s)
  for (let i = 0; i < limit; i++) {
    const ch = s[i]
    if (ch === '县') return i + 1
    if (ch === '区' && !precededBy(s, i, QU_SKIP_AFTER)) return i + 1
    if (ch === '旗' && !precededBy(s, i, QI_SKIP_AFTER)) return i + 1
  }
  const city = s.indexOf('市')
  if (city >= 0 && city < limit) {
    const next = s.indexOf('市', city + 1)
    if (next >= city + 3 && next <= city + 5 && next < limit) {
      let county = true
      for (let j = city + 1; j < next; j++) {
        if (!isCjk(s.charCodeAt(j)) || NOT_IN_CITY_NAME.has(s[j] as string)) county = false
      }
      if (county) return next + 1
    }
    return city + 1
  }
  const province = s.indexOf('省')
  if (province >= 0 && province < limit) return province + 1
  for (const word of ['自治区', '特别行政区']) {
    const at = s.indexOf(word)
    if (at >= 0 && at < limit) return at + word.length
  }
  return -1
}
