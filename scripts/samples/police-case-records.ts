/** police-case-records — 治安案件信息 (公共安全, grade 4, closed): metadata only, no source file. */
import type { Rng } from '../synth/random.ts'
import { govProvider, type SampleDataset } from './common.ts'

export function buildPoliceCaseRecords(_rng: Rng): SampleDataset {
  return {
    rows: 0,
    entry: {
      id: 'police-case-records',
      title: '治安案件信息',
      title_en: 'Public order case records',
      description: '公安机关受理的治安案件的案件信息，包括案件类别、发案时间、发案地点、违法嫌疑人和报案人信息以及案情摘要。该数据涉及个人隐私和执法工作秘密，不予开放，仅公开目录信息；统计数据请参见年度治安状况通报。',
      provider: govProvider('北京市公安局', '110000'),
      theme: '公共安全',
      keywords: ['治安', '案件', '公安'],
      grade: 4,
      open: 'closed',
      license: 'CC-BY-4.0',
      update_frequency: 'monthly',
      temporal: { start: '2020-01-01', end: '2024-12-31' },
      spatial: '北京市',
      primary_key: 'case_id',
      fields: [
        { name: 'case_id', type: 'string', title: '案件编号', constraints: { required: true, unique: true } },
        { name: 'case_type', type: 'string', title: '案件类别', index: true, constraints: { enum: ['盗窃', '诈骗', '殴打他人', '寻衅滋事', '扰乱公共秩序', '赌博', '其他'] } },
        { name: 'occurred_at', type: 'datetime', title: '发案时间', index: true },
        { name: 'district', type: 'string', title: '发案区' },
        { name: 'location', type: 'string', title: '发案地点', pii: 'address', rule: { generalize: 'district' } },
        { name: 'suspect_name', type: 'string', title: '违法嫌疑人姓名', pii: 'name', rule: 'suppress' },
        { name: 'suspect_id_number', type: 'string', title: '违法嫌疑人身份证号', pii: 'id_card', rule: 'drop' },
        { name: 'reporter_phone', type: 'string', title: '报案人联系电话', pii: 'mobile', rule: 'drop' },
        { name: 'summary', type: 'string', title: '简要案情', searchable: true, rule: 'redact' },
      ],
    },
  }
}
