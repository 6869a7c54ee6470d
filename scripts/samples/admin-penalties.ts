/** admin-penalties — 行政处罚决定信息 (信用服务, grade 2, unconditional). UTF-8 with BOM, CRLF. */
import type { Rng } from '../synth/random.ts'
import { govProvider, type SampleDataset, utf8Csv } from './common.ts'
import { caseNumber, penaltyRecord, VIOLATION_TYPES } from './penalties-common.ts'

export const ROWS = 2400

export function buildAdminPenalties(rng: Rng): SampleDataset {
  const records = Array.from({ length: ROWS }, () => penaltyRecord(rng, { identifiersInRemarks: true }))
  // Chronological order; case numbers run per authority and year.
  const order = records.map((r, i) => [r, i] as const).sort((a, b) =>
    a[0].decisionDate < b[0].decisionDate ? -1 : a[0].decisionDate > b[0].decisionDate ? 1 : a[1] - b[1])
  const seq = new Map<string, number>()
  const rows = order.map(([r], i) => {
    const key = `${r.authority.abbr}/${r.decisionDate.slice(0, 4)}`
    const n = (seq.get(key) ?? 0) + 1
    seq.set(key, n)
    return [
      i + 1, caseNumber(r.authority, r.decisionDate.slice(0, 4), n), r.partyName, r.idNumber, r.phone, r.address,
      r.violationType, r.amount, r.decisionDate, r.authority.name, r.remark,
    ]
  })
  const header = ['record_id', 'case_number', 'party_name', 'id_number', 'phone', 'address', 'violation_type', 'amount', 'decision_date', 'authority', 'remark']
  return {
    rows: rows.length,
    file: { name: 'admin-penalties.csv', bytes: utf8Csv(header, rows, { bom: true, eol: '\r\n' }) },
    entry: {
      id: 'admin-penalties',
      title: '行政处罚决定信息',
      title_en: 'Administrative penalty decisions',
      description: '本市市场监管、城市管理、交通运输、生态环境和卫生健康等执法部门对自然人作出的行政处罚决定信息，包括案件编号、违法行为类型、处罚金额、决定日期和执法机关。当事人姓名已部分遮盖，身份证号以假名化标识替代，联系电话不予公开，备注中的个人信息已自动脱敏。',
      provider: govProvider('北京市市场监督管理局', '110000'),
      theme: '信用服务',
      keywords: ['行政处罚', '信用', '执法', '双公示'],
      grade: 2,
      open: 'unconditional',
      license: 'CC-BY-4.0',
      update_frequency: 'monthly',
      temporal: { start: '2019-01-01', end: '2024-12-31' },
      spatial: '北京市',
      source: { path: 'admin-penalties.csv', encoding: 'auto', delimiter: ',', on_error: 'fail' },
      primary_key: 'record_id',
      fields: [
        { name: 'record_id', type: 'integer', title: '记录编号', constraints: { required: true, unique: true, minimum: 1 } },
        { name: 'case_number', type: 'string', title: '行政处罚决定书文号', constraints: { required: true, unique: true, maxLength: 40 } },
        { name: 'party_name', type: 'string', title: '当事人', constraints: { required: true }, pii: 'name', rule: 'mask' },
        { name: 'id_number', type: 'string', title: '身份证号', pii: 'id_card', rule: 'hash' },
        { name: 'phone', type: 'string', title: '联系电话', pii: 'mobile', rule: 'drop' },
        { name: 'address', type: 'string', title: '住址', pii: 'address', rule: { generalize: 'district' } },
        { name: 'violation_type', type: 'string', title: '违法行为类型', index: true, constraints: { required: true, enum: VIOLATION_TYPES } },
        { name: 'amount', type: 'number', title: '罚没金额', unit: '元', constraints: { required: true, minimum: 0 } },
        { name: 'decision_date', type: 'date', title: '处罚决定日期', index: true, constraints: { required: true } },
        { name: 'authority', type: 'string', title: '处罚机关', index: true, constraints: { required: true } },
        { name: 'remark', type: 'string', title: '备注', searchable: true, constraints: { maxLength: 500 }, rule: 'redact' },
      ],
    },
  }
}
