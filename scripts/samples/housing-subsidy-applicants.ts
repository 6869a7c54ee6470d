/** housing-subsidy-applicants — 住房保障申请 (城建住房, grade 3, conditional). */
import { datetimeBetween } from '../synth/dates.ts'
import { emailAddress } from '../synth/email.ts'
import { idCardNumber } from '../synth/id-card.ts'
import { personNameDetailed } from '../synth/names.ts'
import { mobileNumber } from '../synth/phone.ts'
import type { Rng } from '../synth/random.ts'
import { CITIES, originAreaCode } from '../synth/regions.ts'
import { govProvider, type SampleDataset, utf8Csv } from './common.ts'

export const SUBSIDY_TYPES = ['公共租赁住房', '住房租赁补贴', '共有产权保障住房', '廉租住房'] as const
export const STATUSES = ['已受理', '审核中', '已核准', '未通过', '已撤回'] as const

export function buildHousingSubsidy(rng: Rng): SampleDataset {
  const SH = CITIES.shanghai
  const raw = Array.from({ length: 1500 }, () => {
    const district = rng.pick(SH.districts)
    const person = personNameDetailed(rng)
    const type = rng.weighted<(typeof SUBSIDY_TYPES)[number]>([['公共租赁住房', 40], ['住房租赁补贴', 25], ['共有产权保障住房', 25], ['廉租住房', 10]])
    const household = rng.weighted<number>([[1, 25], [2, 30], [3, 30], [4, 10], [5, 5]])
    const submitted = datetimeBetween(rng, '2022-01-01', '2024-12-31', { officeHours: true })
    const status = submitted >= '2024-11' ? rng.weighted<(typeof STATUSES)[number]>([['已受理', 5], ['审核中', 4], ['已撤回', 1]]) : rng.weighted<(typeof STATUSES)[number]>([['已核准', 70], ['未通过', 24], ['已撤回', 6]])
    return [
      submitted, person.name,
      idCardNumber(rng, { areaCode: originAreaCode(rng, district, 0.55, 0.15), sex: person.sex, birthFrom: '1960-01-01', birthTo: '2002-12-31' }),
      mobileNumber(rng), rng.chance(0.7) ? emailAddress(rng, { pinyin: person.pinyin }) : '', district.name, household,
      Math.round(rng.float(0.3, 1.2) * household * 36000), type, status,
    ] as const
  }).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const perYear = new Map<string, number>()
  const rows = raw.map(([submitted, ...rest]) => {
    const year = submitted.slice(0, 4)
    const n = (perYear.get(year) ?? 0) + 1
    perYear.set(year, n)
    const [name, id, mobile, email, district, household, income, type, status] = rest
    return [`ZF${year}-${String(n).padStart(6, '0')}`, name, id, mobile, email, district, household, income, type, submitted, status]
  })
  const header = ['application_id', 'applicant', 'id_number', 'mobile', 'email', 'district', 'household_size', 'annual_income', 'subsidy_type', 'submitted_at', 'status']
  return {
    rows: rows.length,
    file: { name: 'housing-subsidy-applicants.csv', bytes: utf8Csv(header, rows) },
    entry: {
      id: 'housing-subsidy-applicants',
      title: '住房保障申请信息',
      title_en: 'Housing subsidy applications',
      description: '本市公共租赁住房、住房租赁补贴、共有产权保障住房和廉租住房的申请及审核信息，包括申请编号、申请人所在区、家庭人口、家庭年收入、保障类型、受理时间和审核状态。申请人姓名、手机号和电子邮箱已遮盖，身份证号以假名化标识替代。依申请有条件开放。',
      provider: govProvider('上海市住房和城乡建设管理委员会', '310000'),
      theme: '城建住房',
      keywords: ['住房保障', '公租房', '共有产权房', '租赁补贴'],
      grade: 3,
      open: 'conditional',
      license: 'CC-BY-4.0',
      update_frequency: 'monthly',
      temporal: { start: '2022-01-01', end: '2024-12-31' },
      spatial: '上海市',
      source: { path: 'housing-subsidy-applicants.csv', encoding: 'utf-8', delimiter: ',', on_error: 'fail' },
      primary_key: 'application_id',
      fields: [
        { name: 'application_id', type: 'string', title: '申请编号', constraints: { required: true, unique: true, pattern: '^ZF[0-9]{4}-[0-9]{6}$' } },
        { name: 'applicant', type: 'string', title: '申请人', constraints: { required: true }, pii: 'name', rule: 'mask' },
        { name: 'id_number', type: 'string', title: '身份证号', constraints: { required: true }, pii: 'id_card', rule: 'hash' },
        { name: 'mobile', type: 'string', title: '手机号码', pii: 'mobile', rule: 'mask' },
        { name: 'email', type: 'string', title: '电子邮箱', pii: 'email', rule: 'mask' },
        { name: 'district', type: 'string', title: '户籍所在区', index: true },
        { name: 'household_size', type: 'integer', title: '家庭人口', unit: '人', constraints: { minimum: 1, maximum: 10 } },
        { name: 'annual_income', type: 'number', title: '家庭年收入', unit: '元', constraints: { minimum: 0 } },
        { name: 'subsidy_type', type: 'string', title: '保障类型', index: true, constraints: { required: true, enum: [...SUBSIDY_TYPES] } },
        { name: 'submitted_at', type: 'datetime', title: '受理时间', index: true, constraints: { required: true } },
        { name: 'status', type: 'string', title: '审核状态', index: true, constraints: { enum: [...STATUSES] } },
      ],
    },
  }
}
