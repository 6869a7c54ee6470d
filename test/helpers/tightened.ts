/**
 * A dataset whose steward first publishes contact numbers as they are (pii: none with a reason) and
 * then tightens the rule: the fixture of the withdrawal tests (issue 9.4).
 */
export const PHONE_AS_IS = '{ name: phone, type: string, title: 联系电话, pii: none, reason: 企业登记的公开联系电话 }'
export const PHONE_DROPPED = '{ name: phone, type: string, title: 联系电话, pii: mobile, rule: drop }'
export const PHONE_MASKED = '{ name: phone, type: string, title: 联系电话, pii: mobile, rule: mask }'

export function penaltiesCatalog(phone: string, more: { grade?: number; open?: string; path?: string } = {}): string {
  return `id: penalties
title: 行政处罚决定
provider: { name: 市场监督管理局 }
theme: 信用服务
grade: ${more.grade ?? 1}
open: ${more.open ?? 'unconditional'}
source: { path: ${more.path ?? 'penalties.csv'} }
primary_key: id
fields:
  - { name: id, type: integer, title: 编号 }
  - { name: party, type: string, title: 当事人, index: true }
  - ${phone}
  - { name: amount, type: integer, title: 罚款金额 }
`
}

/** The raw mobile number of row i: what must never be served once the rule is tightened. */
export function phoneOf(i: number): string {
  return `138${String(10_000_000 + i * 7_919).slice(-8)}`
}

export function penaltiesCsv(rows: number, from = 1): string {
  const lines = ['id,party,phone,amount']
  for (let i = from; i < from + rows; i++) lines.push(`${i},企业${i % 5},${phoneOf(i)},${(i % 9) * 1000}`)
  return `${lines.join('\n')}\n`
}

/** Every raw phone number of rows 1..n that appears in `text`. */
export function phonesIn(text: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => phoneOf(i + 1)).filter((phone) => text.includes(phone))
}
